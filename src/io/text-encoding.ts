/**
 * What the first bytes of a text file say about its encoding. manychip
 * reads UTF-8 (ASCII included); a UTF-8 byte-order mark is skipped. Any
 * other encoding is named, so that a file saved as UTF-16 (as some Windows
 * editors do) gets "save it as UTF-8" rather than a parser's complaint
 * about mojibake.
 */
export type TextStart = { utf8: true; bomBytes: number } | { utf8: false; reason: string };

const SAVE_AS_UTF8 = 'manychip reads UTF-8: save the file as UTF-8';

/** Classifies a file by its first bytes (give at least 4 when the file has them). */
export function textStart(head: Uint8Array): TextStart {
  const b = (i: number): number | undefined => head[i];
  if (b(0) === 0xef && b(1) === 0xbb && b(2) === 0xbf) return { utf8: true, bomBytes: 3 };
  // UTF-32 first: its little-endian mark begins with UTF-16's.
  if (b(0) === 0x00 && b(1) === 0x00 && b(2) === 0xfe && b(3) === 0xff) return foreign('UTF-32 big-endian text (it starts with a byte-order mark)');
  if (b(0) === 0xff && b(1) === 0xfe && b(2) === 0x00 && b(3) === 0x00) return foreign('UTF-32 little-endian text (it starts with a byte-order mark)');
  if (b(0) === 0xfe && b(1) === 0xff) return foreign('UTF-16 big-endian text (it starts with a byte-order mark)');
  if (b(0) === 0xff && b(1) === 0xfe) return foreign('UTF-16 little-endian text (it starts with a byte-order mark)');
  const nul = head.subarray(0, 64).indexOf(0);
  if (nul < 0) return { utf8: true, bomBytes: 0 };
  // Without a mark, ASCII text in a wide encoding shows as a pattern of zero bytes.
  const zero = (i: number): boolean => b(i) === 0x00;
  if (head.length >= 4) {
    if (!zero(0) && zero(1) && zero(2) && zero(3)) return foreign('UTF-32 little-endian text (every character is followed by three zero bytes)');
    if (zero(0) && zero(1) && zero(2) && !zero(3)) return foreign('UTF-32 big-endian text (every character is preceded by three zero bytes)');
    if (!zero(0) && zero(1) && !zero(2) && zero(3)) return foreign('UTF-16 little-endian text (every other byte is zero)');
    if (zero(0) && !zero(1) && zero(2) && !zero(3)) return foreign('UTF-16 big-endian text (every other byte is zero)');
  }
  return { utf8: false, reason: `is binary data, not text (a zero byte at offset ${nul})` };
}

function foreign(encoding: string): TextStart {
  return { utf8: false, reason: `is ${encoding}; ${SAVE_AS_UTF8}` };
}
