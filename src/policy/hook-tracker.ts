import { hookNames, type HookName } from './policy.js';

/** Int32 cells at the start of the buffer. */
const POLICY = 0;
const HOOK = 1;
const RUNS = 2;
const NAMES_USED = 3;
const HEADER_BYTES = 16;
const BUFFER_BYTES = 4096;
/** Slot of a policy whose name did not fit in the buffer. */
const UNNAMED = -2;

/** Where a thread was, read from another thread: the user policy and hook it was inside, and how many runs it began. */
export interface HookState {
  /** The user policy that last entered a hook during the current run (undefined: none yet). */
  policy: string | undefined;
  /** The hook it is inside now (undefined: not inside one). */
  hook: HookName | undefined;
  /** Runs begun so far (`beginRun`). */
  runs: number;
}

/**
 * Which user policy hook a thread is inside, kept in shared memory so that
 * another thread can tell, while the first is stuck in a hook that never
 * returns, where it is stuck. Only adapted user policies write here (on
 * entering and leaving each hook); built-in policies never touch it.
 *
 * Layout of the buffer: four Int32 cells (policy slot, hook code, runs
 * begun, bytes of names used), then the policies' names in UTF-8, one per
 * line, in slot order. A name is written once, when its policy is adapted.
 */
export class HookTracker {
  private readonly cells: Int32Array;
  private readonly names: Uint8Array;
  private readonly slots = new Map<string, number>();

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(BUFFER_BYTES)) {
    this.cells = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.names = new Uint8Array(buffer, HEADER_BYTES);
    Atomics.store(this.cells, POLICY, -1);
  }

  /** The slot of a policy by name, writing the name into the buffer the first time. */
  slotOf(policy: string): number {
    const known = this.slots.get(policy);
    if (known !== undefined) return known;
    const bytes = new TextEncoder().encode(`${policy.replace(/\n/g, ' ')}\n`);
    const used = Atomics.load(this.cells, NAMES_USED);
    let slot = UNNAMED;
    if (used + bytes.length <= this.names.length) {
      this.names.set(bytes, used);
      slot = this.slots.size;
      // Published after the bytes: a reader never sees a count beyond what is written.
      Atomics.store(this.cells, NAMES_USED, used + bytes.length);
    }
    this.slots.set(policy, slot);
    return slot;
  }

  enter(slot: number, hook: HookName): void {
    Atomics.store(this.cells, POLICY, slot);
    Atomics.store(this.cells, HOOK, hookNames.indexOf(hook) + 1);
  }

  leave(): void {
    Atomics.store(this.cells, HOOK, 0);
  }

  /** A new run begins: the policy of the last one no longer says anything. */
  beginRun(): void {
    Atomics.store(this.cells, POLICY, -1);
    Atomics.store(this.cells, HOOK, 0);
    Atomics.add(this.cells, RUNS, 1);
  }

  /** The state in `buffer`, read from any thread. */
  static read(buffer: SharedArrayBuffer): HookState {
    const cells = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    const slot = Atomics.load(cells, POLICY);
    const hook = hookNames[Atomics.load(cells, HOOK) - 1];
    const runs = Atomics.load(cells, RUNS);
    if (slot === -1) return { policy: undefined, hook, runs };
    // TextDecoder does not read shared memory: copy the names out first.
    const used = Atomics.load(cells, NAMES_USED);
    const names = new TextDecoder().decode(new Uint8Array(buffer, HEADER_BYTES, used).slice()).split('\n');
    return { policy: slot === UNNAMED ? 'a user policy' : (names[slot] ?? 'a user policy'), hook, runs };
  }
}

let current: HookTracker | undefined;

/**
 * Makes user policies adapted from now on in this thread report their
 * hooks to `tracker` (undefined: to none, the default). Set by the thread
 * that runs under a time limit, before its runs.
 */
export function trackHooksWith(tracker: HookTracker | undefined): void {
  current = tracker;
}

/** The tracker user policies of this thread report to, if any. */
export function currentHookTracker(): HookTracker | undefined {
  return current;
}
