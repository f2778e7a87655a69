/**
 * Mean wait in queue of an M/M/c queue, Wq = C(c, a) / (cμ − λ) with
 * offered load a = λ/μ, where Erlang C comes from Erlang B by
 * C = B / (1 − ρ(1 − B)) and B from its recurrence
 * B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which stays finite for any c.
 */
export function erlangCWaitS(servers: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  const rho = a / servers;
  if (!(rho < 1)) return Infinity;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  const c = b / (1 - rho * (1 - b));
  return c / (servers * mu - lambda);
}
