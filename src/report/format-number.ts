/**
 * Numbers for people: about four significant figures, thousands separated,
 * no exponent for everyday magnitudes, and '–' for a missing value.
 */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e15 || abs < 1e-6) return value.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return formatter(decimals).format(value);
}

/** Intl formatters are slow to build and cheap to use: keep one per number of decimals. */
const formatters = new Map<number, Intl.NumberFormat>();
function formatter(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals, useGrouping: true });
    formatters.set(decimals, f);
  }
  return f;
}

/** A fraction as a percentage with one decimal, or '–'. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)}%`;
}

/**
 * A whole number with thousands separators, as en-US writes it, without
 * Intl: the first use of Intl (or toLocaleString) loads locale data, about
 * 20 ms, which `manychip validate` need not pay.
 */
export function groupDigits(n: number): string {
  const digits = String(Math.abs(Math.round(n)));
  return `${n < 0 && Math.round(n) !== 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
}

/** An integer count with thousands separators. */
export function formatCount(n: number): string {
  return formatter(0).format(n);
}
