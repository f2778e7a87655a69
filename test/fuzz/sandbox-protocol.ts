/** The messages between the harness and a sandbox process (sandbox.ts). */
import type { LibraryRun, Outcome } from './fuzz-case.js';

/** Set in the environment of a sandbox process. */
export const SANDBOX_ENV = 'MANYCHIP_FUZZ_SANDBOX';

export interface SandboxRequest {
  id: number;
  dir: string;
  run: LibraryRun;
}

export interface SandboxReply {
  id: number;
  outcome: Outcome;
  /** The process must not serve another case (something global was changed); the parent restarts it. */
  retire?: boolean;
}
