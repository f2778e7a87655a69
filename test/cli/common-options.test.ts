import { describe, expect, it } from 'vitest';
import { warner } from '../../src/cli/common-options.js';

describe('warner', () => {
  it('shows the control characters a warning quotes from a file escaped, keeping its line ends', () => {
    let text = '';
    warner((t) => (text += t), false)('warning: t.swf: 1 malformed row skipped ("\u001b[31mRED" is not a number)\n');
    expect(text).toBe('warning: t.swf: 1 malformed row skipped ("\\u{1B}[31mRED" is not a number)\n');
  });

  it('says nothing under --quiet', () => {
    let text = '';
    warner((t) => (text += t), true)('warning: anything\n');
    expect(text).toBe('');
  });
});
