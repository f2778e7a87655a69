import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutputError } from '../errors.js';

/**
 * The `OutputError` (exit 3) for a file that could not be written: one
 * line naming what it was for, the file, and the cause in words — the
 * system's code (ENOSPC) and a stack mean little to the user, and the
 * same command works once the destination is fixed.
 */
export function writeFailure(what: string, path: string, cause: unknown): OutputError {
  return new OutputError(path, `cannot write ${what} ${path}: ${writeFailureReason(path, cause)}`, { cause });
}

/** Why writing `path` failed, from the error the system gave. */
export function writeFailureReason(path: string, cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT': {
      // Either the folder is missing, or it is one where files cannot be made (/proc).
      const dir = dirname(path);
      return existsSync(dir) ? `files cannot be created in ${dir}` : `no such directory ${dir}`;
    }
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent in the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EFBIG':
      return 'the file would exceed the largest size allowed (ulimit -f, or the file system)';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error on the device';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
