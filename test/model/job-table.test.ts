import { describe, expect, it } from 'vitest';
import { JobState, JobTable } from '../../src/model/job-table.js';

describe('JobTable', () => {
  it('states bytesPerJob as the sum of its per-job typed arrays', () => {
    const table = new JobTable(16);
    expect(Object.values(table)).toContain(table.energyKWh);
    const perSlot = Object.values(table)
      .filter((v): v is ArrayBufferView & { BYTES_PER_ELEMENT: number } => ArrayBuffer.isView(v))
      .reduce((sum, a) => sum + a.BYTES_PER_ELEMENT, 0);
    expect(JobTable.bytesPerJob).toBe(perSlot);
  });

  it('grows without losing what it holds', () => {
    const table = new JobTable(16);
    for (let i = 0; i < 100; i++) {
      table.add(i % 3, 0, i, i * 2, 1000);
      if (i === 10) table.energyKWh[i] = 0.25;
    }
    expect(table.length).toBe(100);
    expect(table.work[99]).toBe(198);
    expect(table.cls[98]).toBe(2);
    expect(table.state[50]).toBe(JobState.Queued);
    expect(table.start[50]).toBeNaN();
    expect(table.energyKWh[10]).toBe(0.25);
    expect(table.energyKWh[50]).toBe(0);
    expect(table.idOf(7)).toBe('7');
  });

  it('gives every new job the defaults of a queued job, in the first slots and in grown ones', () => {
    const table = new JobTable(16);
    for (let i = 0; i < 40; i++) table.add(0, 1, i, 5, 250);
    for (const job of [0, 15, 16, 39]) {
      expect(table.due[job]).toBe(Infinity);
      expect(table.budget[job]).toBe(Infinity);
      expect([table.pool[job], table.node[job], table.slot[job], table.rejectCode[job], table.shape[job]]).toEqual([-1, -1, -1, -1, -1]);
      expect([table.start[job], table.finish[job], table.estEnd[job]]).toEqual([NaN, NaN, NaN]);
      expect([table.inputGB[job], table.restarts[job], table.preemptions[job], table.held[job], table.progress[job], table.cost[job]]).toEqual([0, 0, 0, 0, 0, 0]);
      expect(table.state[job]).toBe(JobState.Queued);
      expect(table.estimate[job]).toBe(5);
      expect(table.milli[job]).toBe(250);
    }
  });
});
