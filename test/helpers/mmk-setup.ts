/**
 * The M/M/k/setup queue (Gandhi, Doroudi, Harchol-Balter, Scheller-Wolf,
 * SIGMETRICS 2013), solved here as a continuous-time Markov chain,
 * independently of src/: Poisson arrivals at rate λ, exponential service at
 * rate μ, k servers; a server with no work turns off at once, and each job
 * that waits with no idle server puts one off server into setup, which
 * takes an exponential time at rate α; when a job enters service elsewhere
 * the setup it caused is abandoned.
 *
 * State (i, j): i servers busy, j jobs waiting; min(j, k − i) servers are in
 * setup. The queue is cut at `maxWaiting` (arrivals beyond are lost, a
 * probability the caller keeps negligible). The stationary distribution is
 * found by Gauss-Seidel sweeps over the balance equations π(s)·out(s) =
 * Σ π(s')·q(s', s).
 */
export interface SetupQueue {
  k: number;
  lambda: number;
  mu: number;
  alpha: number;
}

export interface SetupQueueSolution {
  /** Mean number of jobs in the system (waiting and in service). */
  meanJobs: number;
  /** Mean response time by Little's law, E[N] / λ. */
  meanResponseS: number;
  /** Mean servers on: busy plus in setup. */
  meanOn: number;
  /** Probability the queue is at its cut (should be ~0). */
  pCut: number;
}

export function solveSetupQueue({ k, lambda, mu, alpha }: SetupQueue, maxWaiting = 400): SetupQueueSolution {
  const J = maxWaiting;
  const W = J + 1;
  const idx = (i: number, j: number): number => i * W + j;
  const setups = (i: number, j: number): number => Math.min(j, k - i);
  const pi = new Float64Array((k + 1) * W).fill(1 / ((k + 1) * W));
  for (let sweep = 0; sweep < 200_000; sweep++) {
    let change = 0;
    for (let i = 0; i <= k; i++) {
      for (let j = 0; j <= J; j++) {
        const out = (j < J ? lambda : 0) + i * mu + alpha * setups(i, j);
        let inflow = 0;
        // An arrival joins the queue.
        if (j >= 1) inflow += (pi[idx(i, j - 1)] as number) * lambda;
        // A service ends and a waiting job takes the server.
        if (j + 1 <= J && i >= 1) inflow += (pi[idx(i, j + 1)] as number) * i * mu;
        // A service ends with nobody waiting: the server turns off.
        if (j === 0 && i + 1 <= k) inflow += (pi[idx(i + 1, 0)] as number) * (i + 1) * mu;
        // A setup ends and the server takes a waiting job.
        if (i >= 1 && j + 1 <= J) inflow += (pi[idx(i - 1, j + 1)] as number) * alpha * setups(i - 1, j + 1);
        const next = out > 0 ? inflow / out : (pi[idx(i, j)] as number);
        change = Math.max(change, Math.abs(next - (pi[idx(i, j)] as number)));
        pi[idx(i, j)] = next;
      }
    }
    let total = 0;
    for (const p of pi) total += p;
    for (let s = 0; s < pi.length; s++) pi[s] = (pi[s] as number) / total;
    if (change / total < 1e-13) break;
  }
  let meanJobs = 0;
  let meanOn = 0;
  let pCut = 0;
  for (let i = 0; i <= k; i++) {
    for (let j = 0; j <= J; j++) {
      const p = pi[idx(i, j)] as number;
      meanJobs += p * (i + j);
      meanOn += p * (i + setups(i, j));
      if (j === J) pCut += p;
    }
  }
  return { meanJobs, meanResponseS: meanJobs / (lambda * (1 - pCut)), meanOn, pCut };
}
