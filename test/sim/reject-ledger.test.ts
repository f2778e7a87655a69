import { describe, expect, it } from 'vitest';
import { runScenario, type Policy } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

describe('reject reasons', () => {
  it('are counted exactly, however many distinct ones a policy gives (no wrap at 128)', () => {
    const jobs = Array.from({ length: 300 }, (_, i) => `  - { id: j${i}, class: k, origin: r, arrival: ${i}, work: 1 }`).join('\n');
    const text = `name: reasons
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: c, nodes: 1 }] }]
classes: { k: { speed: { c: 1 }, work: { dist: constant, value: 1 } } }
jobs:
${jobs}
`;
    // Each job rejected for a reason of its own, and every third job also for a shared one.
    const policy: Policy = { name: 'fussy', place: (job) => ({ reject: job.index % 3 === 0 ? 'shared' : `reason ${job.id}` }) };
    const r = runScenario(scenarioFrom(text), { policy });
    expect(r.jobs.rejected).toBe(300);
    expect(Object.keys(r.rejectReasons)).toHaveLength(200 + 1);
    expect(r.rejectReasons.shared).toBe(100);
    expect(r.rejectReasons['reason j299']).toBe(1);
    expect(r.rejectReasons['reason j1']).toBe(1);
    expect(Object.values(r.rejectReasons).reduce((a, b) => a + b, 0)).toBe(300);
    expect(r.rejectReasons.unknown).toBeUndefined();
  });
});
