import { createGunzip, constants } from 'node:zlib';

/** What Node's native zlib handle offers for synchronous work (the part used here). */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, output: Uint8Array, outOffset: number, outLength: number): void;
  onerror: (message: string, errno: number, code?: string) => void;
}

/** zlib found the compressed data damaged or cut short. */
export class GzipDataError extends Error {
  override name = 'GzipDataError';
  constructor(
    /** zlib's own words, e.g. `incorrect data check`. */
    readonly zlibMessage: string,
    /** zlib's code: `Z_BUF_ERROR` for data that ends early, `Z_DATA_ERROR` for damaged data. */
    readonly code: string | undefined,
  ) {
    super(zlibMessage);
  }

  /** True when the data stopped before the gzip stream was complete. */
  get truncated(): boolean {
    return this.code === 'Z_BUF_ERROR';
  }
}

/**
 * The native handle behind a zlib stream, and the two numbers its
 * synchronous writes report: `[output space left, input left]`.
 *
 * Why a private API: Node has no public way to inflate a stream piece by
 * piece *synchronously*. `gunzipSync` takes the whole input and returns the
 * whole output; a `Gunzip` stream hands its output back on later ticks.
 * manychip pulls trace lines synchronously (the simulation asks for the
 * next arrival when the previous one is due) and must never hold a whole
 * inflated trace. Node's own `*Sync` functions are built on exactly this:
 * the stream's `_handle.writeSync(flush, in, inOff, inLen, out, outOff,
 * outLen)`, which leaves the space it did not use in `_writeState`. Both
 * are long-standing internals, present in the Node.js releases this
 * project supports (20 and later), but not a public contract. This
 * function is the only place that reaches for them; it checks they exist,
 * so that a Node.js without them gives a plain message instead of a
 * TypeError deep inside a trace read.
 */
export function zlibSyncHandle(stream: object): { handle: ZlibHandle; state: Uint32Array } {
  const s = stream as { _handle?: Partial<ZlibHandle> | null; _writeState?: unknown };
  const handle = s._handle;
  const state = s._writeState;
  if (handle === null || handle === undefined || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    throw new Error(
      `this Node.js (${process.version}) lacks the synchronous zlib handle manychip uses to read .gz files piece by piece; ` + 'decompress the file first (gunzip), or use a Node.js release that has it (20 and 22 do)',
    );
  }
  return { handle: handle as ZlibHandle, state };
}

/**
 * Inflates gzip data in pieces, synchronously, into a caller's buffer:
 * memory stays at one input and one output buffer however large the data.
 * Concatenated gzip members (what `cat a.gz b.gz` and parallel gzip tools
 * write) come out as one stream, as gunzip(1) gives them.
 */
export class SyncGunzip {
  private readonly stream = createGunzip();
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;
  private failure: GzipDataError | undefined;

  constructor() {
    const { handle, state } = zlibSyncHandle(this.stream);
    this.handle = handle;
    this.state = state;
    // Node's handler would destroy the stream and emit 'error' on a later
    // tick (an uncaught event); the failure is wanted here, at once.
    handle.onerror = (message, _errno, code) => {
      this.failure ??= new GzipDataError(message, code);
    };
  }

  /**
   * Inflates from `input[inOffset, inOffset + inLength)` into `output`, as
   * far as either allows, and says how many bytes it consumed and produced.
   * `finish` marks the end of the compressed data: data that stops inside
   * a member then throws a `GzipDataError` (truncated).
   *
   * Nothing consumed and nothing produced, with input left, means the last
   * member has ended and what follows begins with a zero byte (Node's zlib
   * treats that as padding and stops there).
   */
  inflate(input: Uint8Array, inOffset: number, inLength: number, output: Uint8Array, finish: boolean): { consumed: number; produced: number } {
    this.handle.writeSync(finish ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, inOffset, inLength, output, 0, output.length);
    if (this.failure !== undefined) throw this.failure;
    const outLeft = this.state[0] as number;
    const inLeft = this.state[1] as number;
    return { consumed: inLength - inLeft, produced: output.length - outLeft };
  }

  close(): void {
    this.stream.close();
  }
}
