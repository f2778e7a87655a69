import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/problem.js';
import { PolicyError } from '../../src/policy/policy-error.js';
import { classifyExit, classifyThrown } from './classify.js';
import { thrownInfo } from './library-case.js';

const end = (code: number | null, stderr: string, extra: { signal?: string; timedOut?: boolean } = {}) =>
  classifyExit({ code, signal: extra.signal ?? null, stderr, timedOut: extra.timedOut ?? false, timeLimitMs: 1000 }).kind;

describe('how the fuzz suite classifies an outcome', () => {
  it('takes exit 2, 3 and 4 with one plain message for a clean error', () => {
    expect(end(2, 'error: scenario.yaml:3:1 horizon: must be positive\n')).toBe('clean-error');
    expect(end(3, 'error: cannot write out.jsonl: no such directory\n')).toBe('clean-error');
    expect(end(4, 'error: the run took longer than 2 s\n')).toBe('clean-error');
  });

  it('takes "internal error", a stack, raw JavaScript text or silence for a crash, whatever the exit code', () => {
    expect(end(1, 'internal error: x is not a function\n')).toBe('crash');
    expect(end(2, 'error: Maximum call stack size exceeded\n')).toBe('crash');
    expect(end(2, "error: Cannot read properties of undefined (reading 'def')\n")).toBe('crash');
    expect(end(2, 'error: bad\n    at parse (/x/y.js:10:5)\n')).toBe('crash');
    expect(end(2, '')).toBe('crash');
  });

  it('allows the stack a user asked for with --debug, but never "internal error"', () => {
    const stack = 'error: bad\n    at parse (/x/y.js:10:5)\n';
    expect(classifyExit({ code: 2, signal: null, stderr: stack, timedOut: false, timeLimitMs: 1000, debug: true }).kind).toBe('clean-error');
    expect(classifyExit({ code: 1, signal: null, stderr: `internal error: x\n${stack}`, timedOut: false, timeLimitMs: 1000, debug: true }).kind).toBe('crash');
  });

  it('leaves a policy error quoting the user’s own code clean', () => {
    expect(end(2, 'error: policy "mine": score threw deciding job 3: Cannot read properties of null (reading \'x\')\n')).toBe('clean-error');
  });

  it('takes the time limit for a hang and the signs of memory exhaustion for out of memory', () => {
    expect(end(null, '', { signal: 'SIGKILL', timedOut: true })).toBe('hang');
    expect(end(null, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n', { signal: 'SIGABRT' })).toBe('out-of-memory');
    expect(end(134, "terminate called after throwing an instance of 'std::bad_alloc'\n")).toBe('out-of-memory');
  });

  it('takes a UserError thrown in-process for a clean error, and anything else for a crash', () => {
    expect(classifyThrown(thrownInfo(InputError.single('s.yaml', 'bad')))).toMatchObject({ kind: 'clean-error' });
    expect(classifyThrown(thrownInfo(new PolicyError('p', 'score returned NaN')))).toMatchObject({ kind: 'clean-error' });
    expect(classifyThrown(thrownInfo(new TypeError('x.map is not a function')))).toMatchObject({ kind: 'crash' });
    expect(classifyThrown(thrownInfo(InputError.single('s.yaml', 'Maximum call stack size exceeded')))).toMatchObject({ kind: 'crash' });
    expect(classifyThrown(thrownInfo({ toString: () => { throw new Error('no'); } }))).toMatchObject({ kind: 'crash' });
    expect(classifyThrown(thrownInfo(Object.create(null)))).toMatchObject({ kind: 'crash' });
  });
});
