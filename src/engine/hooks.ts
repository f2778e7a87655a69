import { EventEmitter } from 'eventemitter3';

/** A map from hook name to listener signature. */
export type HookMap = { [name: string]: (...args: never[]) => void };

/** How eventemitter3 types a listener. */
type Listener = (...args: unknown[]) => void;

/**
 * Typed hooks on eventemitter3 that cost one property read when nobody
 * listens: `listening[name]` is kept up to date by `on` and `off`, and the
 * emitting code checks it before building any arguments.
 *
 * ```ts
 * if (hooks.listening['job:finish']) hooks.emit('job:finish', { ... });
 * ```
 */
export class Hooks<M extends HookMap> {
  private readonly emitter = new EventEmitter();
  /** Whether any listener is attached, per hook name. Read-only for callers. */
  readonly listening: { [K in keyof M]?: boolean } = {};

  on<K extends keyof M & string>(name: K, listener: M[K]): this {
    this.emitter.on(name, listener as unknown as Listener);
    this.listening[name] = true;
    return this;
  }

  off<K extends keyof M & string>(name: K, listener?: M[K]): this {
    this.emitter.off(name, listener as unknown as Listener | undefined);
    this.listening[name] = this.emitter.listenerCount(name) > 0;
    return this;
  }

  emit<K extends keyof M & string>(name: K, ...args: Parameters<M[K]>): void {
    this.emitter.emit(name, ...args);
  }
}
