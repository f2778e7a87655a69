/**
 * The kinds of a run's events, shared by the general path (`Simulation`)
 * and the one-pool fifo path, which must number them alike. Payloads:
 * arrival → source index; finish → job; failure → pool; repair → global
 * node; price → pool.
 */
export const EV_ARRIVAL = 0;
export const EV_FINISH = 1;
export const EV_SAMPLE = 2;
export const EV_WARMUP = 3;
export const EV_NODE_FAIL = 4;
export const EV_NODE_REPAIR = 5;
export const EV_PRICE_CHANGE = 6;
/** An event the dispatch stage asked for (a brain's refresh, a job reaching its site); payload: the stage's. */
export const EV_STAGE = 7;
/** Elastic pools' events (`ElasticEvent` added to this kind); the payload is the controller's. */
export const EV_ELASTIC = 8;
export const ELASTIC_KINDS = 3;
/** issue 18: the shared network's next change (a flow starts moving or arrives). */
export const EV_NETWORK = EV_ELASTIC + ELASTIC_KINDS;
/** The market's events (clearings, re-pricings, reclamations) are numbered from here; the market handles them. */
export const EV_MARKET = EV_NETWORK + 1;
