import { describe, expect, it } from 'vitest';
import { cpuOfNode, timeProcess } from '../../bench/lib/process-wall.js';

describe('cpuOfNode', () => {
  it('reports the CPU time a child spent spinning, not the time it slept', () => {
    // 300 ms asleep (no CPU), then 300 ms of a busy loop: the CPU time counts the loop and start-up, not the sleep.
    const script = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,300);const t=Date.now();while(Date.now()-t<300);';
    const started = performance.now();
    const cpu = cpuOfNode(['-e', script]);
    const wall = (performance.now() - started) / 1000;
    expect(wall).toBeGreaterThan(0.6);
    // At least most of the loop (a busy machine may take some of it away), and well under the wall time that includes the sleep.
    expect(cpu).toBeGreaterThan(0.15);
    expect(cpu).toBeLessThan(wall - 0.2);
  });

  it('fails with the command when the child fails', () => {
    expect(() => cpuOfNode(['-e', 'process.exit(3)'])).toThrow(/node -e process\.exit\(3\) failed \(exit code 3\)/);
  });

  it('times a whole process from outside', () => {
    const { seconds, stdout } = timeProcess(process.execPath, ['-e', 'console.log("hi")']);
    expect(stdout).toBe('hi\n');
    expect(seconds).toBeGreaterThan(0);
  });
});
