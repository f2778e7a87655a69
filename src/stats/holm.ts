/**
 * Holm's step-down correction for multiple comparisons: which of the
 * hypotheses with these p-values are rejected at family-wise error rate
 * `alpha`. Sort the p-values ascending; reject the k-th smallest (k from 0)
 * while p ≤ alpha / (m − k), and stop at the first that is not. NaN
 * p-values (tests that could not be made) are never rejected and do not
 * count in m.
 *
 * Also returns Holm-adjusted p-values (monotone, capped at 1), so a reader
 * can apply another alpha.
 */
export function holm(pValues: readonly number[], alpha = 0.05): { rejected: boolean[]; adjusted: number[] } {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((e) => !Number.isNaN(e.p))
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const m = order.length;
  const rejected = pValues.map(() => false);
  const adjusted = pValues.map(() => NaN);
  let running = 0;
  let stillRejecting = true;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
    if (stillRejecting && p <= alpha / (m - k)) rejected[i] = true;
    else stillRejecting = false;
  });
  return { rejected, adjusted };
}
