import { EventQueue } from './event-queue.js';

/**
 * What the engine drives. One object with two methods keeps the dispatch
 * site monomorphic: the handler switches on `kind` itself, which is far
 * cheaper than a table of per-kind callbacks.
 */
export interface EventHandler {
  /** Applies one event. May schedule further events, at `time` or later. */
  handle(kind: number, payload: number, time: number): void;
  /**
   * Called once after the last pending event of a simulated instant has
   * been applied, so that decisions see every change made at that instant.
   * Events it schedules at the same instant are applied next, followed by
   * another call.
   */
  endOfInstant(time: number): void;
}

/** Why `run` returned. */
export type RunOutcome = 'empty' | 'until' | 'stopped';

/**
 * The simulation clock and its event queue. Knows nothing of chips or jobs:
 * events are (time, kind, payload) triples and the handler gives them meaning.
 */
export class Engine {
  readonly queue: EventQueue;
  private clock = 0;
  private stopRequested = false;
  private applied = 0;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Current simulated time in seconds. */
  get now(): number {
    return this.clock;
  }

  /** Number of events applied so far. */
  get eventsApplied(): number {
    return this.applied;
  }

  /**
   * Schedules an event. Time never goes backwards: scheduling before `now`
   * (or at NaN) is a bug in the caller and throws at once.
   */
  schedule(time: number, kind: number, payload: number): void {
    if (!(time >= this.clock)) {
      throw new RangeError(`cannot schedule an event at t=${time}, before now (t=${this.clock})`);
    }
    this.queue.push(time, kind, payload);
  }

  /** Asks a running `run` to return after the event being applied. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Applies events in (time, sequence) order until the queue is empty, the
   * next event lies beyond `until`, or `stop()` is called. Events at exactly
   * `until` are applied. The clock is left at the last applied event, or at
   * `until` when the run reached it.
   */
  run(handler: EventHandler, until = Infinity): RunOutcome {
    const queue = this.queue;
    this.stopRequested = false;
    let applied = this.applied;
    try {
      while (queue.size > 0) {
        const time = queue.peekTime();
        if (time > until) {
          this.clock = until;
          return 'until';
        }
        queue.pop();
        this.clock = time;
        applied++;
        handler.handle(queue.topKind, queue.topPayload, time);
        if (queue.size === 0 || queue.peekTime() !== time) handler.endOfInstant(time);
        if (this.stopRequested) return 'stopped';
      }
      if (until !== Infinity && until > this.clock) this.clock = until;
      return 'empty';
    } finally {
      this.applied = applied;
    }
  }
}
