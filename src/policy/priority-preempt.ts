import type { Release } from '../model/free-capacity-index.js';
import { definePolicy } from './framework.js';
import type { JobId, PoolId } from './ids.js';
import type { Scheduler } from './scheduler.js';
import type { SchedulingContext } from './scheduling-context.js';

/**
 * Priority with preemption: the queue is ordered by class priority (higher
 * first), then by arrival. A job that finds no room may preempt running
 * jobs of preemptible classes with a lower priority: on the first of its
 * pools (in declaration order) and the first node there where evicting such
 * jobs makes it fit, it evicts them lowest-priority and most recently
 * started first (least work lost), stopping as soon as it fits. That order
 * can evict a tenant that did not need to go; it is not a minimum set.
 * Preempted jobs go back to the central queue and start over, or resume
 * where they stopped if their class says `onPreempt: resume`; results count
 * them in `jobs.preempted`.
 *
 * On the framework: a queue order, the built-in filters, no scores, and the
 * preemption capability.
 *
 * Jobs spanning several nodes (gangs) neither preempt nor are preempted:
 * freeing whole nodes for them would take a search this policy does not do.
 */
export function priorityPreempt(): Scheduler {
  return definePolicy({
    name: 'priority-preempt',
    description: 'highest class priority first; may preempt lower-priority preemptible jobs',
    order: (a, b, ctx) => priorityOf(b, ctx) - priorityOf(a, ctx),
    preempt,
  });
}

function priorityOf(job: JobId, ctx: SchedulingContext): number {
  return ctx.model.classes[ctx.jobs.cls[job] as number]?.priority ?? 0;
}

function preempt(job: JobId, ctx: SchedulingContext): { victims: JobId[]; pool: PoolId } | undefined {
  const priority = priorityOf(job, ctx);
  const jobs = ctx.jobs;
  const pools = ctx.candidates(job);
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i] as PoolId;
    const p = ctx.pool(pool);
    if (ctx.heldMilli(job, pool) > p.milliPerNode) continue;
    if (!ctx.affordable(job, pool)) continue;
    // Preemptible, lower-priority, single-node tenants of this pool, by node.
    const byNode = new Map<number, JobId[]>();
    for (let r = 0; r < ctx.running.size; r++) {
      const other = ctx.running.at(r);
      if (jobs.pool[other] !== pool || jobs.gangNodes.has(other)) continue;
      const cls = ctx.model.classes[jobs.cls[other] as number];
      if (cls === undefined || !cls.preemptible || cls.priority >= priority) continue;
      const node = jobs.node[other] as number;
      const list = byNode.get(node);
      if (list === undefined) byNode.set(node, [other]);
      else list.push(other);
    }
    const cap = ctx.capacity(pool);
    const cores = p.milliCoresPerNode === 0 ? 0 : (jobs.cores[job] as number);
    const mem = p.memMiBPerNode === 0 ? 0 : (jobs.memMiB[job] as number);
    for (const node of [...byNode.keys()].sort((a, b) => a - b)) {
      const tenants = (byNode.get(node) as JobId[]).sort(
        (a, b) => priorityOf(a, ctx) - priorityOf(b, ctx) || (jobs.start[b] as number) - (jobs.start[a] as number) || (jobs.serial[b] as number) - (jobs.serial[a] as number),
      );
      const releases: Release[] = [];
      for (let k = 0; k < tenants.length; k++) {
        const victim = tenants[k] as JobId;
        releases.push({
          milli: jobs.milli[victim] as number,
          cores: p.milliCoresPerNode === 0 ? 0 : (jobs.cores[victim] as number),
          memMiB: p.memMiBPerNode === 0 ? 0 : (jobs.memMiB[victim] as number),
          slot: jobs.slot[victim] as number,
        });
        if (cap.fitsAfterReleasing(node, releases, jobs.milli[job] as number, cores, mem)) {
          return { victims: tenants.slice(0, k + 1), pool };
        }
      }
    }
  }
  return undefined;
}
