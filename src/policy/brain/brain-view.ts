/**
 * The brain's picture of the sites: what each site last reported, as it
 * reached the brain. Read-only; the brain stage keeps it (refreshed every
 * `refreshS`, each report `delayS` late, or live when both are 0). Figures
 * are per site (jobs waiting there) and per pool (chips in use, in
 * service, and the room its nodes have), all as of the report the brain
 * holds for that pool's site.
 */
export interface BrainView {
  /** Jobs waiting at the site (its queue and its pools' local queues; late-binding reservations count). */
  waiting(site: number): number;
  /** Thousandths of a chip that the jobs waiting at the site ask for. */
  waitingMilli(site: number): number;
  /** Reference-chip-seconds of estimated work waiting at the site (estimate × chips, summed). */
  waitingWorkChipS(site: number): number;
  /** Thousandths of a chip held by running jobs in the pool. */
  usedMilli(pool: number): number;
  /** Thousandths of a chip in service in the pool (nodes not down). */
  capMilli(pool: number): number;
  /** Most whole chips free on one node of the pool. */
  maxWholeChips(pool: number): number;
  /** Most thousandths free on one chip of the pool. */
  maxChipFree(pool: number): number;
  /** Nodes of the pool with every chip free. */
  freeWholeNodes(pool: number): number;
  /** The time the site's figures the brain holds are as of (simulated seconds): their age is now minus this. */
  takenAt(site: number): number;
}
