/**
 * Explanations of scheduling decisions: plain data, recorded by the policy
 * framework while it decides and carried through the run record into the
 * results (`--explain`).
 */

/** One score part of one candidate: the raw figure, its 0..100 normalisation, and its weighted share of the total. */
export interface ScorePartExplanation {
  name: string;
  raw: number;
  normalised: number;
  weighted: number;
}

/** One candidate (a pool, or a node of a pool for node-level policies; a site for the brain's dispatch) of one decision. */
export interface CandidateExplanation {
  /** The pool; for a dispatch, the site. */
  pool: string;
  /** For node-level policies, the node of the pool. */
  node?: number;
  /** Every reason a filter refused it, in plugin order; empty when it passed. */
  refused: string[];
  /** Score parts, for candidates that passed every filter (none for a policy without scores). */
  parts: ScorePartExplanation[];
  /** Σ weighted parts ÷ Σ weights; undefined for a candidate that was refused. */
  total?: number;
  /** In a market's clearing: the pool's ask per chip-hour then. */
  ask?: number;
  /** For a dispatch: the site as the brain's view showed it (load, jobs waiting, expected wait, the view's age, room). */
  figures?: Record<string, number>;
}

/**
 * Why one decision about one job came out as it did, recorded by the code
 * that decided while it decided (never recomputed afterwards).
 */
export interface DecisionExplanation {
  time: number;
  /**
   * The decision, or `requeue` when the job went back to the queue
   * (preempted, or its node failed); under a brain, `dispatch` when the
   * brain sent it to a site and `probe` when it reserved places at sites.
   */
  kind: 'start' | 'enqueue' | 'wait' | 'reject' | 'requeue' | 'dispatch' | 'probe';
  pool?: string;
  /** For a dispatch, the site; for a probe, the sites, comma-separated. */
  site?: string;
  node?: number;
  /** Why it waits, was rejected or requeued; for a start or enqueue, whom it preempted to get there (`after preempting job-4`). */
  reason?: string;
  candidates: CandidateExplanation[];
  /** Candidates left out of `candidates` to keep it readable (node-level policies list the best nodes only). */
  omitted?: number;
  /** Index into `candidates` of the winner, when there is one. */
  winner?: number;
  /** How the winner was chosen among the passing candidates, when not by the highest total. */
  rule?: string;
  /** A market's trade: the price per chip-hour it locked (or, for spot, the ask it started at), the ask and the bid. */
  trade?: { price: number; ask: number; bid: number };
}

/** Every recorded decision about one job. */
export interface JobExplanation {
  /** The job's id (its explicit id, or its arrival index). */
  job: string;
  class: string;
  origin: string;
  arrival: number;
  decisions: DecisionExplanation[];
  /** Decisions not recorded beyond the per-job limit. */
  droppedDecisions?: number;
}

/** A job of a finished run with its explanation and how long it took (arrival to finish). */
export interface SlowJob {
  explanation: JobExplanation;
  jctS: number;
}
