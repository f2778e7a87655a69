import { describe, expect, it } from 'vitest';
import { childNodeFlags } from '../../bench/lib/child-node-flags.js';

describe('childNodeFlags', () => {
  it('keeps the flags and drops a script given with -e, --eval, -p, --print or -pe', () => {
    expect(childNodeFlags(['--expose-gc', '-e', 'run()', '--max-old-space-size=512'])).toEqual(['--expose-gc', '--max-old-space-size=512']);
    expect(childNodeFlags(['--eval=run()', '--single-threaded-gc'])).toEqual(['--single-threaded-gc']);
    expect(childNodeFlags(['-p', 'x', '--print', 'y', '-pe', 'z', '--print=w'])).toEqual([]);
    expect(childNodeFlags(['--expose-gc', '--import', 'tsx'])).toEqual(['--expose-gc', '--import', 'tsx']);
  });
});
