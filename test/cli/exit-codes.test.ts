import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/exit-codes.js';
import { InterruptedError, OutputError, TimeoutError, UserError } from '../../src/errors.js';
import { InputError } from '../../src/scenario/problem.js';

function report(error: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(error, false, (t) => (text += t));
  return { code, text };
}

describe('reportError', () => {
  it('maps every user error by its base class, even a kind the CLI has never heard of, to exit 2 without a stack', () => {
    class SomeNewError extends UserError {}
    expect(report(new SomeNewError('the thing is wrong'))).toEqual({ code: 2, text: 'error: the thing is wrong\n' });
  });

  it('prints each problem of an input error on its own line', () => {
    const e = new InputError([
      { file: 'a.yaml', line: 3, col: 5, path: 'x', message: 'bad' },
      { file: 'a.yaml', path: '', message: 'worse' },
    ]);
    expect(report(e)).toEqual({ code: 2, text: 'error: a.yaml:3:5 x: bad\nerror: a.yaml worse\n' });
  });

  it('shows the control characters a message echoes from a file instead of sending them to the terminal', () => {
    const e = new InputError([{ file: 'a.yaml', line: 2, col: 9, path: 'workload[0].origin', message: 'unknown region "x\u001b]0;pwned\u0007\u001b[31mRED\u202e" — known: r1' }]);
    expect(report(e)).toEqual({ code: 2, text: 'error: a.yaml:2:9 workload[0].origin: unknown region "x\\u{1B}]0;pwned\\u{7}\\u{1B}[31mRED\\u{202E}" — known: r1\n' });
    expect(report(new UserError('line one\n\tline two \u009b'))).toEqual({ code: 2, text: 'error: line one\n\tline two \\u{9B}\n' });
  });

  it('gives an output that cannot be written exit 3 and a timeout exit 4', () => {
    expect(report(new OutputError('/x/y', 'cannot write /x/y: no such directory'))).toEqual({ code: 3, text: 'error: cannot write /x/y: no such directory\n' });
    expect(report(new TimeoutError('the run took longer than 5 s'))).toEqual({ code: 4, text: 'error: the run took longer than 5 s\n' });
  });

  it('gives work stopped with Ctrl-C exit 130 (128 + SIGINT) and its message as it is, not as an error', () => {
    expect(report(new InterruptedError('interrupted: 3 of 8 runs done'))).toEqual({ code: 130, text: 'interrupted: 3 of 8 runs done\n' });
  });

  it('calls anything else a bug, exit 1, and survives a thrown value whose toString throws', () => {
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
    };
    const r = report(hostile);
    expect(r.code).toBe(1);
    expect(r.text).toBe('internal error: { toString: a function toString } (thrown, not an Error)\nthis is a bug in manychip; run again with --debug for the stack trace\n');
    expect(report(new RangeError('oops')).code).toBe(1);
  });
});
