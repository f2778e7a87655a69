import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputFileError, readFailure } from './input-file-error.js';
import { GzipDataError, SyncGunzip } from './sync-gunzip.js';

/** Bytes read from the file at a time, and handed out at a time. */
const CHUNK_BYTES = 1 << 16;

/**
 * Compressed bytes given to zlib at a time: zlib says *that* data is
 * damaged, not where, so a small slice is what locates the damage.
 */
const INFLATE_SLICE_BYTES = 1 << 12;

export interface InputOptions {
  /** What the file is read as, for messages: `scenario`, `trace`, `node list`, … */
  what: string;
  /** The file as messages name it. Default: the path. */
  name?: string | undefined;
  /** Most bytes to read (after decompression); a file with more is refused when the limit is passed. Default: none. */
  limitBytes?: number | undefined;
}

/**
 * Opens an input file for reading in chunks, synchronously. The one way
 * manychip reads a file a user names. It lives in src/io, a leaf that
 * imports only src/errors.ts, because every layer that reads files needs
 * it: scenario/ (scenarios, CSV data, JSON tables), workload/ (traces),
 * sweep/ (sweep files, results) and import/ (traces, node lists). Every
 * reader gets the same guarantees:
 * - only a regular file is read: a FIFO, a device (/dev/zero, /dev/urandom)
 *   or a directory is refused by name before a byte is read (the FIFO is
 *   opened without blocking, so one with no writer cannot hang the open);
 * - bytes are counted as they are read, never trusting the size the file
 *   reports (/proc files report 0), and reading stops at `limitBytes`;
 * - gzip data (known by its magic bytes, whatever the file's name) is
 *   inflated as it is read, a chunk at a time; the limit counts inflated
 *   bytes, and damaged or cut-short data fails with the place it was found.
 */
export function openInput(path: string, options: InputOptions): InputFile {
  return new InputFile(path, options);
}

export class InputFile {
  /** The file as messages name it. */
  readonly name: string;
  /** Whether the file holds gzip data (and `read` inflates it). */
  readonly gzip: boolean;
  /** What the file is read as, for messages. */
  readonly what: string;
  /** Bytes handed out by `read` so far (inflated bytes for gzip). */
  bytesRead = 0;
  private readonly limitBytes: number;
  private fd: number | undefined;
  private readonly raw = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Unread raw bytes are raw[rawOffset, rawOffset + rawLength). */
  private rawOffset = 0;
  private rawLength = 0;
  /** Raw bytes of the file before `raw`'s current content. */
  private rawBefore = 0;
  private rawEnded = false;
  private done = false;
  private readonly inflater: SyncGunzip | undefined;
  private readonly out: Buffer | undefined;

  constructor(path: string, options: InputOptions) {
    this.name = options.name ?? path;
    this.what = options.what;
    this.limitBytes = options.limitBytes ?? Infinity;
    this.fd = openRegularFile(path, this.name, this.what);
    try {
      this.fillRaw();
      this.gzip = this.rawLength >= 2 && this.raw[0] === 0x1f && this.raw[1] === 0x8b;
      if (this.gzip) {
        this.inflater = new SyncGunzip();
        this.out = Buffer.allocUnsafe(CHUNK_BYTES);
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /**
   * The next chunk of the file's (inflated) content, or undefined at its
   * end (which also closes the file). The chunk is a view that the next
   * call overwrites: copy or decode it before calling again.
   */
  read(): Buffer | undefined {
    if (this.done) return undefined;
    try {
      const chunk = this.inflater === undefined ? this.readPlain() : this.readGzip(this.inflater);
      if (chunk === undefined) {
        this.close();
        return undefined;
      }
      if (this.bytesRead + chunk.length > this.limitBytes) throw this.fail(this.tooLarge());
      this.bytesRead += chunk.length;
      return chunk;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  close(): void {
    this.done = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.inflater?.close();
  }

  private readPlain(): Buffer | undefined {
    if (this.rawLength === 0) this.fillRaw();
    if (this.rawLength === 0) return undefined;
    const chunk = this.raw.subarray(this.rawOffset, this.rawOffset + this.rawLength);
    this.rawOffset += this.rawLength;
    this.rawLength = 0;
    return chunk;
  }

  private readGzip(inflater: SyncGunzip): Buffer | undefined {
    const out = this.out as Buffer;
    for (;;) {
      if (this.rawLength === 0 && !this.rawEnded) this.fillRaw();
      const finish = this.rawLength === 0;
      const slice = Math.min(this.rawLength, INFLATE_SLICE_BYTES);
      let step: { consumed: number; produced: number };
      try {
        step = inflater.inflate(this.raw, this.rawOffset, slice, out, finish);
      } catch (e) {
        if (e instanceof GzipDataError) throw this.fail(this.damaged(e, slice));
        throw e;
      }
      this.rawOffset += step.consumed;
      this.rawLength -= step.consumed;
      if (step.produced > 0) return out.subarray(0, step.produced);
      if (finish) return undefined;
      if (step.consumed === 0 && this.rawLength > 0) {
        // The last member ended and a zero byte follows: padding, as gunzip(1) allows, if nothing but zeros is left.
        this.checkZeroPadding();
        return undefined;
      }
    }
  }

  /** Reads the next raw chunk when the last one is used up; sets `rawEnded` at the end of the file. */
  private fillRaw(): void {
    if (this.fd === undefined) {
      this.rawEnded = true;
      return;
    }
    this.rawBefore += this.rawOffset;
    this.rawOffset = 0;
    this.rawLength = readSync(this.fd, this.raw, 0, CHUNK_BYTES, null);
    if (this.rawLength === 0) this.rawEnded = true;
  }

  private checkZeroPadding(): void {
    for (;;) {
      const rest = this.raw.subarray(this.rawOffset, this.rawOffset + this.rawLength);
      const at = rest.findIndex((byte) => byte !== 0);
      if (at >= 0) {
        throw this.fail(`has bytes after the end of its gzip data, at byte ${count(this.rawBefore + this.rawOffset + at)}, that are neither zero padding nor another gzip member`);
      }
      this.rawOffset += this.rawLength;
      this.rawLength = 0;
      this.fillRaw();
      if (this.rawEnded) return;
    }
  }

  /** Where zlib failed: within the slice it was given, which starts at the first byte not yet consumed. */
  private damaged(e: GzipDataError, slice: number): string {
    const from = this.rawBefore + this.rawOffset;
    if (e.truncated) return `is a gzip file cut short: the file ends at byte ${count(from)}, inside the compressed data (the file is incomplete)`;
    return `is damaged gzip data at bytes ${count(from)}–${count(from + slice)} of the file (zlib: ${e.zlibMessage})`;
  }

  private tooLarge(): string {
    const limit = `${mebibytes(this.limitBytes)} (${count(this.limitBytes)} bytes)`;
    return this.gzip ? `inflates to more than the ${this.what} size limit of ${limit}` : `is larger than the ${this.what} size limit of ${limit}`;
  }

  private fail(reason: string): InputFileError {
    return new InputFileError(this.name, this.what, reason);
  }
}

/** Opens `path` for reading if it is a regular file; anything else is refused by name, before reading. */
function openRegularFile(path: string, name: string, what: string): number {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once (and is refused below).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputFileError(name, what, readFailure(e));
  }
  let kind: string | undefined;
  try {
    kind = notRegular(fstatSync(fd));
  } catch (e) {
    closeSync(fd);
    throw new InputFileError(name, what, readFailure(e));
  }
  if (kind !== undefined) {
    closeSync(fd);
    throw new InputFileError(name, what, kind);
  }
  return fd;
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a directory, not a file';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a regular file; manychip reads files, not pipes';
  if (stats.isCharacterDevice()) return 'is a character device (such as /dev/zero), not a regular file';
  if (stats.isBlockDevice()) return 'is a block device, not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
}
