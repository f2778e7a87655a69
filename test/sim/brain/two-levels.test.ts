import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brainPolicyNames, parseScenario, runScenario, type Results } from '../../../src/index.js';
import { scenarioArb, toYaml } from '../../helpers/random-scenarios.js';

const scenarios = join(import.meta.dirname, '..', '..', '..', 'scenarios');

/** Everything a run reports but its wall time and the brain's own block. */
function withoutBrain(r: Results): string {
  return JSON.stringify({ ...r, perf: null, brain: null });
}

/** The scenario's text with a brain in front: always fresh, no delay, no transfer. */
function underBrain(text: string, policy: string): string {
  return `${text}\nbrain: { policy: ${policy}, view: { refreshS: 0, delayS: 0 } }\n`;
}

describe('two levels equal one: a brain over a single site with a fresh view is the central scheduler', () => {
  const bundled = ['mmc', 'kth-sp2', 'render-farm', 'diurnal-bursty', 'alibaba-gpu-2023'];
  for (const name of bundled) {
    // Three brain policies that take the three paths: a view read (power-of-d), places reserved (late-binding), scores (cost-latency).
    it(`${name}: every field of the results is the central scheduler’s, byte for byte, under a brain`, () => {
      const file = join(scenarios, `${name}.yaml`);
      const text = readFileSync(file, 'utf8');
      const central = withoutBrain(runScenario(parseScenario(text, file, dirname(file))));
      for (const brain of ['power-of-d', 'late-binding', 'cost-latency']) {
        const two = runScenario(parseScenario(underBrain(text, brain), file, dirname(file)));
        expect(two.brain?.policy).toBe(brain);
        expect(withoutBrain(two)).toBe(central);
      }
    }, 600_000);
  }

  it('holds for random one-site scenarios under every scheduling policy and brain policy', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...brainPolicyNames()), (g, brain) => {
        const oneSite = { ...g, pools: g.pools.map((p) => ({ ...p, site: 'near' as const })) };
        const text = toYaml(oneSite);
        const central = withoutBrain(runScenario(parseScenario(text)));
        expect(withoutBrain(runScenario(parseScenario(underBrain(text, brain))))).toBe(central);
      }),
      { numRuns: 60, seed: 19 },
    );
  }, 600_000);
});
