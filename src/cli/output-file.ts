import { closeSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError, UsageError } from '../errors.js';

/**
 * A file the user asked for, opened before the work that fills it, so that
 * a path that cannot be written fails at once with one line naming the
 * option rather than after a long run. It is written under a temporary
 * name beside the target and renamed over it only when complete: a run
 * that fails (bad input found later, a crash, Ctrl-C) leaves an earlier
 * file of that name as it was, never empty or half-written.
 */
export class OutputFile {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    private readonly temporary: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens the temporary file now. Throws an `OutputError` (exit 3) naming `option` when `path` cannot be written. */
  static open(path: string, option: string): OutputFile {
    const fail = (reason: string): never => {
      throw new OutputError(path, `cannot write ${option} file ${path}: ${reason}`);
    };
    try {
      if (statSync(path).isDirectory()) fail('is a directory');
    } catch (e) {
      if (e instanceof OutputError) throw e;
      // Not there yet: the usual case.
    }
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    try {
      return new OutputFile(path, temporary, openSync(temporary, 'w'));
    } catch (e) {
      return fail(reasonOf(e));
    }
  }

  /** Appends text chunks (big outputs are rendered in pieces, never as one string). */
  write(chunks: Iterable<string>): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path} is already closed`);
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      let done = 0;
      while (done < bytes.length) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (e) {
          throw new OutputError(this.path, `cannot write ${this.path}: ${reasonOf(e)}`);
        }
      }
    }
  }

  /** Closes the file and puts it in place of `path`. */
  commit(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    try {
      renameSync(this.temporary, this.path);
    } catch (e) {
      throw new OutputError(this.path, `cannot write ${this.path}: ${reasonOf(e)}`);
    }
  }

  /** Closes and removes the temporary file, leaving `path` untouched; safe after `commit`. */
  abort(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.temporary);
    } catch {
      // Already gone: nothing to clean up.
    }
  }
}

/** Refuses two outputs of one command that name the same file: one would silently replace the other. */
export function checkDistinctOutputs(outputs: readonly (readonly [option: string, path: string | undefined])[]): void {
  const seen = new Map<string, string>();
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    const key = join(dirname(path), basename(path));
    const other = seen.get(key);
    if (other !== undefined) throw new UsageError(`${other} and ${option} name the same file ${path}`);
    seen.set(key, option);
  }
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
