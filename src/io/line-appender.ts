import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { isReaderGone } from './output-file.js';
import { writeFailure } from './write-failure.js';

/**
 * A file that lines are appended to one at a time as they are produced
 * (a sweep's rows, so that a killed sweep keeps what it wrote), and that
 * never keeps half a line a failure left: when a write fails part-way (a
 * full disk, a file-size limit), the file is cut back to where the line
 * began before the `OutputError` (exit 3) is thrown. Should even that
 * fail, the line left is cut short, which a reader of the file must treat
 * as not written (as one a kill leaves).
 *
 * A device or pipe (/dev/null, /dev/stdout) is written as a stream: it
 * cannot be cut back, and there is nothing to flush.
 */
export class LineAppender {
  private fd: number | undefined;
  /** Bytes of the file that hold whole lines (regular files only). */
  private size: number;
  /** Lines appended since opening. */
  lines = 0;
  /** Whether a failed write left its line cut short at the end of the file (cutting it back failed too). */
  cutShort = false;
  /** Whether the pipe written to lost its reader (`… | head`): further lines are dropped, and the writer may stop. */
  readerGone = false;

  private constructor(
    readonly path: string,
    private readonly what: string,
    fd: number,
    /** Whether the file is a regular file (else a device or a pipe). */
    readonly regular: boolean,
    size: number,
    /** Whether the file's last line lacks its newline, to be written before the first line appended. */
    private newLineFirst: boolean,
  ) {
    this.fd = fd;
    this.size = size;
  }

  /**
   * Opens `path` to append to. `what` names the file in messages ("sweep
   * output"). `truncate` empties it first; `newLineFirst` ends its last
   * line, which lacks a newline, before the first line appended. Throws an
   * `OutputError` when it cannot be opened for writing.
   */
  static open(path: string, what: string, options: { truncate: boolean; newLineFirst?: boolean }): LineAppender {
    let fd: number;
    try {
      fd = openSync(path, options.truncate ? 'w' : 'a');
    } catch (e) {
      throw writeFailure(what, path, e);
    }
    const stat = fstatSync(fd);
    return new LineAppender(path, what, fd, stat.isFile(), stat.isFile() ? stat.size : 0, options.newLineFirst === true);
  }

  /** Appends `text` and a newline, whole; on failure the file is as it was, and an `OutputError` says why. */
  append(text: string): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path} is already closed`);
    if (this.readerGone) return;
    const bytes = Buffer.from(this.newLineFirst ? `\n${text}\n` : `${text}\n`, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      if (!this.regular && isReaderGone(e)) {
        this.readerGone = true;
        return;
      }
      if (done > 0 && this.regular) this.cutBack(fd);
      throw writeFailure(this.what, this.path, e);
    }
    this.size += bytes.length;
    this.lines++;
    this.newLineFirst = false;
  }

  /**
   * Flushes the file to disk and closes it. Some file systems (NFS, quotas)
   * report a full disk only here; then an `OutputError` says so, and which
   * lines reached the disk is not known.
   */
  close(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      if (this.regular) fsyncSync(fd);
    } catch (e) {
      closeQuietly(fd);
      throw writeFailure(this.what, this.path, e);
    }
    try {
      closeSync(fd);
    } catch (e) {
      throw writeFailure(this.what, this.path, e);
    }
  }

  /** Closes without flushing or reporting (after another failure, which is the one to report). */
  abandon(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeQuietly(fd);
  }

  private cutBack(fd: number): void {
    try {
      ftruncateSync(fd, this.size);
    } catch {
      // The line stays cut short; readers drop such a last line (see readRows).
      this.cutShort = true;
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Being thrown away after a failure already reported.
  }
}
