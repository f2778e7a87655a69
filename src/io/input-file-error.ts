import { UserError } from '../errors.js';

/**
 * An input file that cannot be read as one: missing, not a regular file,
 * over its size limit, damaged gzip data, a text encoding manychip does not
 * read. `reason` is a phrase that reads after "cannot read <file>: ", so a
 * caller that locates the problem in a scenario can reuse it; the message
 * names the file and what it was read as.
 */
export class InputFileError extends UserError {
  override name = 'InputFileError';

  constructor(
    /** The file as messages name it. */
    readonly file: string,
    /** What the file was read as (`scenario`, `trace`, `node list`, …). */
    readonly what: string,
    /** Why it cannot be read, e.g. `no such file`. */
    readonly reason: string,
  ) {
    super(`${file} cannot read ${what}: ${reason}`);
  }
}

/**
 * Why reading failed, as a phrase for "cannot read <file>: …": the reason
 * of an `InputFileError`, a plain sentence for the system errors a user
 * meets (missing file, no permission), and the message of anything else.
 */
export function readFailure(e: unknown): string {
  if (e instanceof InputFileError) return e.reason;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'a folder on the path is a file';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links (a loop?)';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EIO':
      return 'input/output error from the device';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
