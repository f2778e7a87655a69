/**
 * A number as data files write one, the one grammar every reader of a
 * file's numbers (SWF traces, the CSV files a scenario names) accepts:
 * decimal digits with an optional `-`, fraction and exponent (`12`, `-0.5`,
 * `.5`, `3e-4`). `Number` alone would also take `0x10`, `0b11`, `0o7`,
 * `+1` and `Infinity`, which no such file means.
 */
export const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
