/**
 * Characters that must not reach a terminal as they are: control
 * characters (C0, DEL, C1), which can retitle or recolour a terminal or
 * move its cursor, and the bidirectional overrides and isolates, which make
 * text read in another order than it is stored.
 */
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, 'gu');

/** The first unprintable character of `text` as U+XXXX, or undefined when it has none. */
export function firstUnprintable(text: string): string | undefined {
  const bad = UNPRINTABLE.exec(text)?.[0];
  return bad === undefined ? undefined : codePoint(bad);
}

/** `text` with each unprintable character but line feeds and tabs written as \u{XXXX}, for messages that echo what a file holds. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE_ALL, (c) => (c === '\n' || c === '\t' ? c : `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase()}}`));
}

/** `text` with each unprintable character replaced by `by` (a file name made from a name). */
export function replaceUnprintable(text: string, by: string): string {
  return text.replace(UNPRINTABLE_ALL, by);
}

function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}
