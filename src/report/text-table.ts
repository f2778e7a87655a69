/** Column alignment in a text table. */
export type Align = 'left' | 'right';

/**
 * Renders rows of cells as a plain-text table: columns padded to their
 * widest cell, separated by two spaces, no trailing spaces.
 */
export function textTable(rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
          return (align[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? cell + pad : pad + cell;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Width in terminal columns, counting each code point as one. */
function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
