import { closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { writeFailure } from './write-failure.js';

/**
 * A file the user asked for, opened before the work that fills it, so that
 * a path that cannot be written fails at once with one line naming the
 * option rather than after a long run. It is written under a temporary
 * name beside the target and renamed over it only when complete: a run
 * that fails (bad input found later, a crash, Ctrl-C, a full disk) leaves
 * an earlier file of that name as it was, never empty or half-written.
 *
 * A target that exists and is not a regular file (/dev/null, /dev/stdout,
 * a FIFO) is written in place: renaming over it would replace the device
 * or pipe with a plain file.
 *
 * Every failure — the open, each write, the flush to disk, the rename — is
 * an `OutputError` (exit 3) naming the option, the file and the cause.
 */
export class OutputFile {
  /**
   * Told of each temporary file as it is opened (`true`) and let go —
   * renamed or removed — (`false`), in this thread. A thread that may be
   * stopped in the middle of a command (under `--timeout`) reports them, so
   * that the thread that stops it removes what it left.
   */
  static watchTemporaries: ((temporary: string, open: boolean) => void) | undefined;

  private fd: number | undefined;
  /** Whether the pipe written in place lost its reader (`… | head`): the rest is dropped, as on standard output. */
  readerGone = false;

  private constructor(
    /** The path as the user gave it (messages name it). */
    readonly path: string,
    /** What the temporary file replaces: `path`, or the file a symlink there points to. */
    private readonly target: string,
    /** The name written under until `commit`; undefined when writing in place. */
    private readonly temporary: string | undefined,
    fd: number,
    private readonly what: string,
  ) {
    this.fd = fd;
  }

  /** Opens the file now. Throws an `OutputError` (exit 3) naming `option` when `path` cannot be written. */
  static open(path: string, option: string): OutputFile {
    const what = `${option} file`;
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory() === true) throw writeFailure(what, path, { code: 'EISDIR' });
      if (stat !== undefined && !stat.isFile()) return new OutputFile(path, path, undefined, openSync(path, 'w'), what);
      // Beside the file a symlink points to, so that the rename stays on one file system and keeps the link.
      const target = stat === undefined ? path : realpathSync(path);
      const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
      const file = new OutputFile(path, target, temporary, openSync(temporary, 'w'), what);
      OutputFile.watchTemporaries?.(temporary, true);
      return file;
    } catch (e) {
      throw e instanceof OutputError ? e : writeFailure(what, path, e);
    }
  }

  /** Appends text chunks (big outputs are rendered in pieces, never as one string). */
  write(chunks: Iterable<string>): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path} is already closed`);
    if (this.readerGone) return;
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      let done = 0;
      while (done < bytes.length) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (e) {
          if (!isReaderGone(e, this.temporary)) throw writeFailure(this.what, this.path, e);
          this.readerGone = true;
          return;
        }
      }
    }
  }

  /**
   * Flushes the file to disk, closes it and puts it in place of `path`.
   * Some file systems (NFS, quotas) report a full disk only here, so a
   * failure here is a failed write like any other, and the target is left
   * as it was.
   */
  commit(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    try {
      if (this.temporary !== undefined) fsyncSync(fd);
    } catch (e) {
      this.abort();
      throw writeFailure(this.what, this.path, e);
    }
    this.fd = undefined;
    try {
      closeSync(fd);
      if (this.temporary !== undefined) {
        renameSync(this.temporary, this.target);
        OutputFile.watchTemporaries?.(this.temporary, false);
      }
    } catch (e) {
      this.removeTemporary();
      throw writeFailure(this.what, this.path, e);
    }
  }

  /** Closes and removes the temporary file, leaving `path` untouched; safe after `commit`. */
  abort(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Its last writes failed: it is being thrown away either way.
    }
    this.removeTemporary();
  }

  private removeTemporary(): void {
    if (this.temporary === undefined) return;
    try {
      unlinkSync(this.temporary);
    } catch {
      // Already gone: nothing to clean up.
    }
    OutputFile.watchTemporaries?.(this.temporary, false);
  }
}

/**
 * Whether a failed write means that the reader of a pipe has gone
 * (`manychip … --jobs /dev/stdout | head`): the reader's choice, so the rest
 * of that output is dropped without a word and the command ends as it would
 * have (exit 0), as for standard output. Only for a file written in place
 * (`temporary` undefined): a regular file never reports EPIPE.
 */
export function isReaderGone(error: unknown, temporary?: string): boolean {
  return temporary === undefined && (error as { code?: unknown } | null)?.code === 'EPIPE';
}

/** Whether `path` is a regular file now: not absent, not a directory, a device or a pipe (a file a command may refuse to replace). */
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An output option and the path given to it (undefined: not asked for). */
export type NamedPath = readonly [option: string, path: string | undefined];

/**
 * What a path names, for telling whether two paths are one file: the real
 * path of a file that exists (through symlinks; `./x` and `x` alike), the
 * absolute path of one that does not. A device or pipe keeps its own name:
 * /dev/stdout and /dev/stderr resolve to the same terminal, yet are two outputs.
 */
function sameFileKey(path: string): string {
  const absolute = resolve(path);
  try {
    return statSync(absolute).isFile() ? realpathSync(absolute) : absolute;
  } catch {
    return absolute;
  }
}

/** Refuses two outputs of one command that name the same file: one would silently replace the other. */
export function checkDistinctOutputs(outputs: readonly NamedPath[]): void {
  const seen = new Map<string, string>();
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    const key = sameFileKey(path);
    const other = seen.get(key);
    if (other !== undefined) throw new UsageError(`${other} and ${option} name the same file ${path}`);
    seen.set(key, option);
  }
}

/**
 * Refuses an output that names one of the command's inputs (`what`: "the
 * scenario", …), before anything is written: the command would replace
 * what it read with what it made. An output that is a device or a pipe
 * (/dev/stdout) is never an input.
 */
export function checkOutputsSpareInputs(outputs: readonly NamedPath[], inputs: readonly (readonly [what: string, path: string | undefined])[]): void {
  const read = new Map<string, string>();
  for (const [what, path] of inputs) if (path !== undefined && !read.has(sameFileKey(path))) read.set(sameFileKey(path), what);
  for (const [option, path] of outputs) {
    if (path === undefined || !isRegularFileOrAbsent(path)) continue;
    const what = read.get(sameFileKey(path));
    if (what !== undefined) throw new UsageError(`${option} ${path} would overwrite ${what}, which this command reads: write it elsewhere`);
  }
}

function isRegularFileOrAbsent(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}
