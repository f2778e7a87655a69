import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * The static mapping problem of Braun et al. (2001): T tasks, all ready at
 * time 0, M machines, an expected-time-to-compute (ETC) matrix. Each
 * heuristic is implemented here plainly, from its textbook description, and
 * the simulator's makespan for the same heuristic must equal the reference
 * makespan to the last digit. Ties go to the lowest task, then the lowest
 * machine, in both.
 */

const TASKS = 128;
const MACHINES = 8;

/** Range-based ETC generation (Braun et al. 2001, section 3). */
function etcMatrix(seed: string, taskRange: number, machineRange: number, consistent: boolean): number[][] {
  const rng = seedrandom.alea(seed);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rng();
  return Array.from({ length: TASKS }, () => {
    const baseline = uniform(1, taskRange);
    const row = Array.from({ length: MACHINES }, () => baseline * uniform(1, machineRange));
    // Consistent: a machine faster for one task is faster for all (each row sorted).
    return consistent ? row.sort((a, b) => a - b) : row;
  });
}

function argmin(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[best] as number)) best = i;
  return best;
}

/** Immediate mode: tasks in order, each to a machine chosen by `pick`. */
function immediate(etc: number[][], pick: (row: number[], ready: number[]) => number): number {
  const ready = new Array<number>(MACHINES).fill(0);
  for (const row of etc) {
    const m = pick(row, ready);
    ready[m] = (ready[m] as number) + (row[m] as number);
  }
  return Math.max(...ready);
}

const referenceMet = (etc: number[][]): number => immediate(etc, (row) => argmin(row));
const referenceMct = (etc: number[][]): number => immediate(etc, (row, ready) => argmin(row.map((e, m) => (ready[m] as number) + e)));
const referenceOlb = (etc: number[][]): number => immediate(etc, (_row, ready) => argmin(ready));

/** Batch mode: repeatedly pick one unmapped task by `rule` and give it its best machine. */
function batch(etc: number[][], rule: 'min-min' | 'max-min' | 'sufferage'): number {
  const ready = new Array<number>(MACHINES).fill(0);
  const unmapped = etc.map((_, t) => t);
  while (unmapped.length > 0) {
    let chosen = -1;
    let chosenMachine = -1;
    let chosenKey = -Infinity;
    unmapped.forEach((t, u) => {
      const ct = (etc[t] as number[]).map((e, m) => (ready[m] as number) + e);
      const best = argmin(ct);
      const sorted = [...ct].sort((a, b) => a - b);
      const key = rule === 'min-min' ? -(sorted[0] as number) : rule === 'max-min' ? (sorted[0] as number) : (sorted[1] as number) - (sorted[0] as number);
      if (chosen < 0 || key > chosenKey) {
        chosen = u;
        chosenMachine = best;
        chosenKey = key;
      }
    });
    const task = unmapped[chosen] as number;
    unmapped.splice(chosen, 1);
    ready[chosenMachine] = (ready[chosenMachine] as number) + ((etc[task] as number[])[chosenMachine] as number);
  }
  return Math.max(...ready);
}

/** The same problem as a scenario: one single-chip pool per machine, every task a job at time 0 with its ETC row. */
function scenario(etc: number[][], policy: string): string {
  const machines = Array.from({ length: MACHINES }, (_, m) => `m${m}`);
  return `name: etc-${policy}
chips: { ${machines.map((m) => `${m}: { kind: cpu }`).join(', ')} }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [${machines.map((m) => `{ chip: ${m}, nodes: 1 }`).join(', ')}] }]
classes: { task: { speed: { ${machines.map((m) => `${m}: 1`).join(', ')} }, work: { dist: constant, value: 1 } } }
jobs:
${etc.map((row, t) => `  - { id: t${t}, class: task, origin: r, arrival: 0, runtimeS: { ${row.map((e, m) => `m${m}: ${e}`).join(', ')} } }`).join('\n')}
policy: ${policy}
`;
}

const references: Record<string, (etc: number[][]) => number> = {
  met: referenceMet,
  mct: referenceMct,
  olb: referenceOlb,
  'min-min': (etc) => batch(etc, 'min-min'),
  'max-min': (etc) => batch(etc, 'max-min'),
  sufferage: (etc) => batch(etc, 'sufferage'),
};

const matrices = [
  { label: 'consistent, high task and machine heterogeneity', etc: etcMatrix('braun-1', 3000, 1000, true) },
  { label: 'inconsistent, high task and machine heterogeneity', etc: etcMatrix('braun-2', 3000, 1000, false) },
  { label: 'inconsistent, low task and machine heterogeneity', etc: etcMatrix('braun-3', 100, 10, false) },
];

describe('static mapping against plain reference implementations (Braun et al. 2001)', () => {
  for (const { label, etc } of matrices) {
    for (const [policy, reference] of Object.entries(references)) {
      it(`${policy}, ${label}: the same makespan to the last digit`, () => {
        const r = runScenario(scenarioFrom(scenario(etc, policy)));
        expect(r.jobs.completed).toBe(TASKS);
        expect(r.makespan).toBe(reference(etc));
      });
    }
  }

  it('tells the heuristics apart (the check would catch one standing in for another)', () => {
    const { etc } = matrices[1] as { etc: number[][] };
    const makespans = Object.values(references).map((f) => f(etc));
    expect(new Set(makespans).size).toBe(makespans.length);
  });
});
