import { describe, expect, it } from 'vitest';
import { clock, ProgressBar } from '../../src/cli/progress-bar.js';

function terminal(isTTY: boolean): { isTTY: boolean; columns: number; text: string; write(s: string): boolean } {
  return {
    isTTY,
    columns: 100,
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}

describe('ProgressBar', () => {
  it('shows runs done, elapsed time and an ETA from the pace so far', () => {
    let now = 0;
    const term = terminal(true);
    const bar = new ProgressBar(term, 'compare', () => now);
    now = 10_000;
    bar.update(4, 10);
    // 4 runs in 10 s: 6 more take 15 s.
    expect(term.text).toContain('4/10 runs  0:10 elapsed  ETA 0:15');
    expect(term.text.startsWith('\r')).toBe(true);
    bar.finish();
    expect(term.text.endsWith('\r\u001b[K')).toBe(true);
  });

  it('stays silent for short work and when stderr is not a terminal', () => {
    let now = 0;
    const quick = terminal(true);
    const bar = new ProgressBar(quick, 'compare', () => now);
    now = 300;
    bar.update(10, 10);
    bar.finish();
    expect(quick.text).toBe('');

    const pipe = terminal(false);
    const piped = new ProgressBar(pipe, 'compare', () => now);
    now = 60_000;
    piped.update(1, 10);
    piped.finish();
    expect(pipe.text).toBe('');
    expect(piped.enabled).toBe(false);
  });

  it('redraws at most ten times a second, but always draws the last run', () => {
    let now = 0;
    const term = terminal(true);
    const bar = new ProgressBar(term, 'x', () => now);
    now = 1000;
    bar.update(1, 3);
    now = 1050;
    bar.update(2, 3);
    now = 1060;
    bar.update(3, 3);
    expect(term.text.split('\r').filter((s) => s !== '')).toHaveLength(2);
    expect(term.text).toContain('3/3 runs');
    expect(term.text).not.toContain('2/3 runs');
  });

  it('fills the bar in proportion to the runs done', () => {
    const bar = new ProgressBar(terminal(true), 'x', () => 0);
    const line = bar.line(1, 4, 2000);
    const filled = [...line].filter((ch) => ch === '█').length;
    const empty = [...line].filter((ch) => ch === '░').length;
    expect(filled / (filled + empty)).toBeCloseTo(0.25, 1);
  });
});

describe('clock', () => {
  it('formats minutes and hours', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65_400)).toBe('1:05');
    expect(clock(3_725_000)).toBe('1:02:05');
  });
});
