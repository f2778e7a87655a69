import { expect } from 'vitest';
import { InputError } from '../../src/scenario/problem.js';

/** The problems an input error carries, one formatted line each; fails the test when `load` throws anything else, or nothing. */
export function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message.split('\n');
  }
  throw new Error('expected the input to be refused');
}
