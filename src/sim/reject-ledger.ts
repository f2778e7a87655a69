import type { ClusterModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';

/**
 * Rejections: each distinct reason gets a code (any number of them, counted
 * exactly), kept in `jobs.rejectCode`; and each (class, origin, reason)
 * gets one warning, the first time it happens.
 */
export class RejectLedger {
  /** Distinct reasons, indexed by code. */
  readonly reasons: string[] = [];
  private readonly codes = new Map<string, number>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly model: ClusterModel,
    private readonly jobs: JobTable,
    private readonly warnings: string[],
  ) {}

  record(job: number, time: number, reason: string): void {
    let code = this.codes.get(reason);
    if (code === undefined) {
      code = this.reasons.push(reason) - 1;
      this.codes.set(reason, code);
    }
    this.jobs.rejectCode[job] = code;
    const cls = this.model.classes[this.jobs.cls[job] as number]?.name ?? '?';
    const origin = this.model.regions[this.jobs.origin[job] as number]?.name ?? '?';
    const key = `${cls}\u0000${origin}\u0000${reason}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(`jobs of class "${cls}" from ${origin} are rejected: ${reason} (first at t=${time})`);
  }
}
