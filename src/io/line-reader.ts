import { StringDecoder } from 'node:string_decoder';
import { InputFileError } from './input-file-error.js';
import { openInput, type InputFile, type InputOptions } from './open-input.js';
import { textStart } from './text-encoding.js';

/** Longest line read by default: far beyond any trace row, small enough to hold. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Bytes looked at to tell the file's text encoding. */
const HEAD_BYTES = 64;

export interface LineReaderOptions extends InputOptions {
  /** Longest line, in characters; a longer one is refused (a file with no line breaks is not a file of lines). */
  maxLineChars?: number;
}

/**
 * Reads a text file one line at a time, synchronously, holding one 64 KiB
 * chunk and the lines cut from it: memory does not grow with the file.
 * Synchronous because the simulation loop pulls the next arrival when the
 * previous one is due, and a run is single-threaded anyway. The file is
 * opened with `openInput`: a regular file only, gzip inflated on the way,
 * bytes counted against `limitBytes`.
 *
 * Lines end at `\n`; a `\r` before it is dropped, and a last line without
 * a newline is still a line. UTF-8 characters split across chunks are
 * decoded whole; a UTF-8 byte-order mark is skipped, and a file in another
 * encoding (UTF-16, UTF-32) or binary data is refused by name.
 */
export class LineReader {
  /** 1-based number of the line `next()` returned last (0 before the first). */
  lineNumber = 0;
  /** Bytes of the (inflated) file up to the end of the line `next()` returned last, its line ending included. */
  bytesRead = 0;
  private readonly input: InputFile;
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineChars: number;
  private headChecked = false;
  /** Lines as read, `\r` kept (so their bytes can be counted); the last one at the end of the file has no newline. */
  private lines: string[] = [];
  private linesEndFile = false;
  private nextLine = 0;
  /** Lines cut from the file so far. */
  private linesCut = 0;
  /** Text after the last newline read so far: the start of a line not yet complete. */
  private partial = '';

  constructor(
    readonly path: string,
    options: LineReaderOptions,
  ) {
    this.input = openInput(path, options);
    this.maxLineChars = options.maxLineChars ?? MAX_LINE_CHARS;
  }

  /** The file as messages name it. */
  get name(): string {
    return this.input.name;
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
    this.input.close();
  }

  /** Reads the next chunk and cuts it into lines; false at the end of the file. */
  private fill(): boolean {
    if (this.linesEndFile) return false;
    const chunk = this.headChecked ? this.read() : this.readHead();
    let text: string;
    if (chunk === undefined) {
      text = this.partial + this.decoder.end();
      this.partial = '';
      this.lines = text === '' ? [] : [text];
      this.linesEndFile = true;
      this.nextLine = 0;
      return this.lines.length > 0;
    }
    text = this.partial + this.decoder.write(chunk);
    const parts = text.split('\n');
    this.partial = parts.pop() as string;
    if (this.partial.length > this.maxLineChars) {
      this.close();
      throw new InputFileError(this.name, this.input.what, `line ${count(this.linesCut + parts.length + 1)} is longer than ${count(this.maxLineChars)} characters: not a file of lines`);
    }
    this.lines = parts;
    this.linesCut += parts.length;
    this.linesEndFile = false;
    this.nextLine = 0;
    return true;
  }

  /** The first bytes, enough to tell the encoding (or the whole file, if shorter); a BOM is skipped and counted as read. */
  private readHead(): Buffer | undefined {
    this.headChecked = true;
    let head = this.read();
    if (head === undefined) return undefined;
    // A short first chunk (a small gzip member) is copied: the next read overwrites it.
    if (head.length < HEAD_BYTES) head = Buffer.from(head);
    while (head.length < HEAD_BYTES) {
      const more = this.read();
      if (more === undefined) break;
      head = Buffer.concat([head, more]);
    }
    const start = textStart(head);
    if (!start.utf8) {
      this.close();
      throw new InputFileError(this.name, this.input.what, start.reason);
    }
    this.bytesRead = start.bomBytes;
    return head.subarray(start.bomBytes);
  }

  /** The next chunk; a failure past the first line says after which line it came. */
  private read(): Buffer | undefined {
    try {
      return this.input.read();
    } catch (e) {
      if (e instanceof InputFileError && this.linesCut > 0) throw new InputFileError(e.file, e.what, `${e.reason}, after line ${count(this.linesCut)}`);
      throw e;
    }
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
