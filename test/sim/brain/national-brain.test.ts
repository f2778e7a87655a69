import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, type Results } from '../../../src/index.js';

const file = join(import.meta.dirname, '..', '..', '..', 'scenarios', 'national-brain.yaml');
const text = readFileSync(file, 'utf8');

function withBrain(policy: string, refreshS: number): Results {
  const variant = text.replace(/policy: power-of-d {14}#/, `policy: ${policy} #`).replace('refreshS: 30,', `refreshS: ${refreshS},`);
  return runScenario(parseScenario(variant, file, dirname(file)));
}

describe('scenarios/national-brain.yaml: what the README and docs/brain.md say of it', () => {
  it('herds under least-loaded on its 30 s view; power-of-d and late binding spread the jobs', () => {
    const herd = withBrain('least-loaded', 30);
    const two = withBrain('power-of-d', 30);
    const late = withBrain('late-binding', 30);
    expect([herd, two, late].map((r) => r.brain?.policy)).toEqual(['least-loaded', 'power-of-d', 'late-binding']);
    // The 99th-percentile wait and the share of jobs misrouted fall in that order.
    expect(herd.wait.p99).toBeGreaterThan(3 * (two.wait.p99 as number));
    expect(two.wait.p99).toBeGreaterThan(10 * (late.wait.p99 as number));
    expect(herd.brain?.misroutedFraction).toBeGreaterThan(0.4);
    expect(two.brain?.misroutedFraction).toBeLessThan(0.25);
    expect(late.brain?.misroutedFraction).toBeLessThan(0.1);
    expect(herd.brain?.viewAgeS.max).toBeLessThanOrEqual(30 + 0.02);
    expect(late.brain?.probes).toMatchObject({ sent: 2 * (late.brain?.decisions as number) });
  }, 300_000);

  it('does not herd on a live view', () => {
    const live = withBrain('least-loaded', 0);
    expect(live.brain?.view.refreshS).toBe(0);
    expect(live.wait.p99).toBe(0);
    expect(live.brain?.misrouted).toBe(0);
  }, 300_000);
});
