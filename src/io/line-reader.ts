import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 16;

/**
 * Reads a text file one line at a time, synchronously, holding one 64 KiB
 * chunk and the lines cut from it: memory does not grow with the file.
 * Synchronous because the simulation loop pulls the next arrival when the
 * previous one is due, and a run is single-threaded anyway.
 *
 * Lines end at `\n`; a `\r` before it is dropped, and a last line without
 * a newline is still a line. UTF-8 characters split across chunks are
 * decoded whole.
 */
export class LineReader {
  /** 1-based number of the line `next()` returned last (0 before the first). */
  lineNumber = 0;
  /** Bytes of the file up to the end of the line `next()` returned last, its line ending included. */
  bytesRead = 0;
  private fd: number | undefined;
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly decoder = new StringDecoder('utf8');
  /** Lines as read, `\r` kept (so their bytes can be counted); the last one at the end of the file has no newline. */
  private lines: string[] = [];
  private linesEndFile = false;
  private nextLine = 0;
  /** Text after the last newline read so far: the start of a line not yet complete. */
  private partial = '';

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The next line, or undefined at the end of the file (which also closes it). */
  next(): string | undefined {
    while (this.nextLine >= this.lines.length) {
      if (!this.fill()) return undefined;
    }
    this.lineNumber++;
    const raw = this.lines[this.nextLine++] as string;
    const last = this.linesEndFile && this.nextLine === this.lines.length;
    this.bytesRead += Buffer.byteLength(raw) + (last ? 0 : 1);
    return stripCr(raw);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Reads the next chunk and cuts it into lines; false at the end of the file. */
  private fill(): boolean {
    if (this.fd === undefined) return false;
    const n = readSync(this.fd, this.buffer, 0, CHUNK_BYTES, null);
    let text: string;
    if (n === 0) {
      this.close();
      text = this.partial + this.decoder.end();
      this.partial = '';
      this.lines = text === '' ? [] : [text];
      this.linesEndFile = true;
      this.nextLine = 0;
      return this.lines.length > 0;
    }
    text = this.partial + this.decoder.write(this.buffer.subarray(0, n));
    const parts = text.split('\n');
    this.partial = parts.pop() as string;
    this.lines = parts;
    this.linesEndFile = false;
    this.nextLine = 0;
    return true;
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
