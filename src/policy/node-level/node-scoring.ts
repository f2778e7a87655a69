import type { PoolModel } from '../../model/cluster-model.js';
import type { FreeCapacityView } from '../../model/free-capacity-index.js';
import { RejectReason } from '../builtin-filters.js';
import { WaitReason, type Decision } from '../decision.js';
import type { CandidateExplanation, DecisionExplanation } from '../../model/explanation.js';
import type { JobId, NodeId, PoolId } from '../ids.js';
import { PolicyError } from '../policy-error.js';
import { onNoFitValues, tieBreakValues } from '../../scenario/check-policy-options.js';
import type { Scheduler } from '../scheduler.js';
import type { SchedulingContext } from '../scheduling-context.js';
import { NodeState, podShape, type ClusterScale, type PodShape } from './node-state.js';

/** A node-level policy's judgement of one node for one job. */
export interface NodeScorer {
  /** Called once the run's cluster is known. */
  prepare?(ctx: SchedulingContext, scale: ClusterScale): void;
  /**
   * Called before each decision; returns true when scores computed earlier
   * no longer hold (FGD's view of the workload changed).
   */
  beforeDecision?(job: JobId, ctx: SchedulingContext): boolean;
  /**
   * An integer score, higher is better. For a share of one chip, the chip
   * to use goes in `choice.chip` (-1 lets the pool take its tightest fit).
   * Must depend only on the pod and the node's free resources and chip.
   */
  score(pod: PodShape, node: NodeState, choice: { chip: number }): number;
}

export interface NodeLevelOptions {
  /**
   * What to do with a job no node has room for: wait for room (the default),
   * or reject it at once (the FGD paper's protocol, where pods never leave).
   */
  onNoFit?: 'wait' | 'reject';
  /** How equal scores are settled: a per-run random order of nodes (the default, as the FGD authors' simulator does), or declaration order. */
  tieBreak?: 'random' | 'order';
  /** Reuse scores of unchanged nodes (the default); off only to check that reuse changes nothing. */
  cache?: boolean;
}

/** Scores cached for one pod shape: per node, the node's change count they were computed at (+1; 0 = none). */
interface ShapeCache {
  stamp: Uint32Array;
  score: Int32Array;
  chip: Int16Array;
}

const MAX_CACHED_SHAPES = 512;

/** Why a node-level policy rejects a job at once: it would need several nodes, and it places a job on one. */
export const LARGER_THAN_ANY_NODE = 'larger-than-any-node';

/** Nodes listed in an explanation of a node-level decision: the best ones (the winner always among them). */
const EXPLAINED_NODES = 10;

/**
 * The framework's node-level stage: a policy that scores every node of the candidate pools (docs/policies.md,
 * "Node-level": packing policies opt into node-level scoring; O(nodes in those pools) per
 * decision) and places the job on the best one, equal scores going to the
 * node ranked first in a per-run random order drawn from the `policy`
 * stream. A score is reused while its node is unchanged (per node change
 * counts in the pools' indices), so a decision costs a pass over the
 * nodes plus scoring of the nodes that changed since a job of the same
 * shape was last placed.
 *
 * A job goes on one node, as Kubernetes places a pod: pools whose nodes have
 * fewer chips than it asks are not candidates (no gangs across nodes), and
 * a job larger than every candidate node is rejected at once
 * (`larger-than-any-node`); one that fits a node but finds none with room
 * waits, or is rejected with onNoFit: reject.
 */
export function nodeLevel(name: string, description: string, makeScorer: () => NodeScorer, defaults: NodeLevelOptions = {}): Scheduler {
  let scorer = makeScorer();
  let options: Required<NodeLevelOptions> = { onNoFit: 'wait', tieBreak: 'random', cache: true };
  /** First global node index of each pool. */
  let offset = new Int32Array(0);
  let rank = new Int32Array(0);
  let caches = new Map<string, ShapeCache>();
  const node = new NodeState();
  const choice = { chip: -1 };

  const cacheFor = (key: string, total: number): ShapeCache => {
    let cache = caches.get(key);
    if (cache === undefined) {
      if (caches.size >= MAX_CACHED_SHAPES) caches = new Map();
      cache = { stamp: new Uint32Array(total), score: new Int32Array(total), chip: new Int16Array(total) };
      caches.set(key, cache);
    }
    return cache;
  };

  return {
    name,
    description,
    ordering: 'open',
    prepare(ctx) {
      scorer = makeScorer();
      options = { onNoFit: 'wait', tieBreak: 'random', cache: true, ...defaults, ...readOptions(name, ctx.options) };
      const pools = ctx.model.pools;
      offset = new Int32Array(pools.length + 1);
      for (let p = 0; p < pools.length; p++) offset[p + 1] = (offset[p] as number) + (pools[p] as PoolModel).nodes;
      const total = offset[pools.length] as number;
      rank = Int32Array.from({ length: total }, (_, i) => i);
      if (options.tieBreak === 'random') {
        // Fisher–Yates from the policy stream: a fixed random priority of nodes per run.
        for (let i = total - 1; i > 0; i--) {
          const j = Math.floor(ctx.random() * (i + 1));
          const t = rank[i] as number;
          rank[i] = rank[j] as number;
          rank[j] = t;
        }
      }
      caches = new Map();
      let cpu = 0;
      let chips = 0;
      for (const p of pools) {
        cpu = Math.max(cpu, p.milliCoresPerNode);
        chips = Math.max(chips, p.milliPerNode);
      }
      scorer.prepare?.(ctx, { cpu: Math.max(cpu, 1), chips: Math.max(chips, 1) });
    },
    decide(job, ctx, out) {
      if (scorer.beforeDecision?.(job, ctx) === true) caches = new Map();
      const milli = ctx.jobs.milli[job] as number;
      const total = offset[offset.length - 1] as number;
      const ex = ctx.explanation;
      const listed = ex === undefined ? undefined : new NodeList();
      let best = -Infinity;
      let bestRank = Infinity;
      let bestPool = -1 as PoolId;
      let bestNode = -1 as NodeId;
      let bestChip = -1;
      // The job's shape (and so its cache) depends on whether a pool tracks cores.
      let podCores = -1;
      let pod = podShape(milli, 0);
      let cache: ShapeCache | undefined;
      const never = visitFittingNodes(
        job,
        ctx,
        (p, cap, cores, n, g) => {
          if (cache === undefined || cores !== podCores) {
            podCores = cores;
            pod = podShape(milli, cores);
            cache = cacheFor(`${cores}/${milli}`, total);
          }
          const stamp = (cap.changes[n] as number) + 1;
          let score: number;
          let chip: number;
          if (cache.stamp[g] === stamp && options.cache) {
            score = cache.score[g] as number;
            chip = cache.chip[g] as number;
          } else {
            choice.chip = -1;
            score = scorer.score(pod, node.load(cap, n, ctx.pool(p).chip), choice);
            chip = choice.chip;
            cache.stamp[g] = stamp;
            cache.score[g] = score;
            cache.chip[g] = chip;
          }
          const r = rank[g] as number;
          listed?.add(ctx.pool(p).name, n, score, r);
          if (score > best || (score === best && r < bestRank)) {
            best = score;
            bestRank = r;
            bestPool = p;
            bestNode = n;
            bestChip = chip;
          }
        },
        offset,
        ex,
      );
      if (ex !== undefined && listed !== undefined) listed.into(ex, options.tieBreak);
      if (bestPool >= 0) out.start(bestPool, bestNode, bestChip);
      else if (never !== undefined) out.reject(never);
      else noRoom(job, ctx, out, options);
    },
  };
}

/** The nodes of an explained node-level decision, best first; only the best few are kept. */
class NodeList {
  private readonly nodes: { pool: string; node: number; score: number; rank: number }[] = [];
  private seen = 0;

  add(pool: string, node: number, score: number, rank: number): void {
    this.seen++;
    this.nodes.push({ pool, node, score, rank });
    if (this.nodes.length > 4 * EXPLAINED_NODES) this.trim();
  }

  /** Adds the best nodes to the explanation (the winner first), and how many were left out. */
  into(ex: DecisionExplanation, tieBreak: 'random' | 'order'): void {
    this.trim();
    const first = ex.candidates.length;
    for (const n of this.nodes) {
      const c: CandidateExplanation = { pool: n.pool, node: n.node, refused: [], parts: [{ name: 'node score', raw: n.score, normalised: n.score, weighted: n.score }], total: n.score };
      ex.candidates.push(c);
    }
    if (this.nodes.length > 0) ex.winner = first;
    if (this.seen > this.nodes.length) ex.omitted = (ex.omitted ?? 0) + this.seen - this.nodes.length;
    ex.rule = `highest node score; ties to the node ${tieBreak === 'random' ? 'first in the run’s random node order' : 'declared first'}`;
  }

  private trim(): void {
    this.nodes.sort((a, b) => b.score - a.score || a.rank - b.rank);
    this.nodes.length = Math.min(this.nodes.length, EXPLAINED_NODES);
  }
}

/**
 * Calls `visit` for every node of the job's candidate pools that has room
 * for it now (pool, its index, the cores the job asks there, node, and the
 * node's global number by `offset`), in pool then node order. Returns why
 * no candidate pool could ever take the job — nodes too small (one node
 * per job: no gangs), or no such pool's price ever within its budget — or
 * undefined when one could.
 */
export function visitFittingNodes(
  job: JobId,
  ctx: SchedulingContext,
  visit: (pool: PoolId, cap: FreeCapacityView, cores: number, node: NodeId, global: number) => void,
  offset?: Int32Array,
  explanation?: DecisionExplanation,
): string | undefined {
  const jobs = ctx.jobs;
  const milli = jobs.milli[job] as number;
  const pools = ctx.candidates(job);
  const refuse = (pool: PoolModel, reason: string): void => {
    explanation?.candidates.push({ pool: pool.name, refused: [reason], parts: [] });
  };
  let bigEnough = false;
  let holdable = false;
  for (let i = 0; i < pools.length; i++) {
    const p = pools[i] as PoolId;
    const pool = ctx.pool(p);
    if (milli > pool.milliPerNode) {
      refuse(pool, `${LARGER_THAN_ANY_NODE} (never)`);
      continue;
    }
    bigEnough = true;
    // A pool whose price can never fit the budget will never take the job either.
    if (!ctx.everAffordable(job, p)) {
      refuse(pool, `${RejectReason.overBudget} (never)`);
      continue;
    }
    holdable = true;
    if (!ctx.affordable(job, p)) {
      refuse(pool, WaitReason.overBudget);
      continue;
    }
    const cap = ctx.capacity(p);
    const cores = pool.milliCoresPerNode === 0 ? 0 : (jobs.cores[job] as number);
    const mem = pool.memMiBPerNode === 0 ? 0 : (jobs.memMiB[job] as number);
    if (!cap.canFit(milli, cores, mem)) {
      refuse(pool, WaitReason.noRoom);
      continue;
    }
    const base = offset === undefined ? 0 : (offset[p] as number);
    for (let n = 0; n < pool.nodes; n++) if (cap.fitsOn(n, milli, cores, mem)) visit(p, cap, cores, n as NodeId, base + n);
  }
  if (holdable) return undefined;
  return bigEnough ? RejectReason.overBudget : LARGER_THAN_ANY_NODE;
}

/** No node has room: wait for some, or (onNoFit: reject) give the job up. */
export function noRoom(_job: JobId, _ctx: SchedulingContext, out: Decision, options: Pick<NodeLevelOptions, 'onNoFit'>): void {
  if (options.onNoFit === 'reject') out.reject('no-node-fits');
  else out.wait(WaitReason.noRoom);
}

/**
 * The node-level options among a scenario's policyOptions, checked. A
 * scenario read from a file has had them checked already, located and
 * under the policy it names (check-policy-options.ts); this is for
 * scenarios built in code.
 */
export function readOptions(policy: string, given: Readonly<Record<string, unknown>>): NodeLevelOptions {
  const out: NodeLevelOptions = {};
  const onNoFit = given.onNoFit;
  if (isOneOf(onNoFit, onNoFitValues)) out.onNoFit = onNoFit;
  else if (onNoFit !== undefined) throw new PolicyError(policy, `policyOptions.onNoFit must be "wait" or "reject", not ${JSON.stringify(onNoFit)}`);
  const tieBreak = given.tieBreak;
  if (isOneOf(tieBreak, tieBreakValues)) out.tieBreak = tieBreak;
  else if (tieBreak !== undefined) throw new PolicyError(policy, `policyOptions.tieBreak must be "random" or "order", not ${JSON.stringify(tieBreak)}`);
  return out;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return (allowed as readonly unknown[]).includes(value);
}
