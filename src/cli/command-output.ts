import { OutputFile } from '../io/output-file.js';

/**
 * Where a command's main output (its table, JSON or CSV) goes: standard
 * output, or with `-o/--output` a file, opened before the work (a path
 * that cannot be written fails at once, exit 3) and put in place whole
 * when written (see `OutputFile`).
 */
export class CommandOutput {
  private constructor(
    private readonly file: OutputFile | undefined,
    private readonly out: (text: string) => void,
  ) {}

  /** Standard output (`out`) without a path; the file at `path` with one. */
  static open(path: string | undefined, out: (text: string) => void): CommandOutput {
    return new CommandOutput(path === undefined ? undefined : OutputFile.open(path, '--output'), out);
  }

  /** Writes the whole output. */
  write(text: string): void {
    if (this.file === undefined) {
      this.out(text);
      return;
    }
    this.file.write([text]);
    this.file.commit();
  }

  /** Leaves the file as it was, if the command failed before writing (safe after `write`). */
  abort(): void {
    this.file?.abort();
  }
}
