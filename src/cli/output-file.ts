import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from './exit-codes.js';

/**
 * Opens a file the user asked for, for writing, before the work that fills
 * it: a path that cannot be written fails at once with one line naming the
 * option, not after a long run. Returns the file descriptor.
 */
export function openOutput(path: string, option: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`cannot write ${option} file ${path}: ${reasonOf(e)}`);
  }
}

/** Writes text chunks to an open file (big outputs are rendered in pieces, never as one string). */
export function writeChunks(fd: number, chunks: Iterable<string>, path: string): void {
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (e) {
        throw new UsageError(`cannot write ${path}: ${reasonOf(e)}`);
      }
    }
  }
}

/** A file opened ahead of the work that fills it. */
export interface ReservedOutput {
  /** Writes the whole text and closes the file. */
  write(text: string): void;
  /** Closes it without writing (the work failed); safe to call twice. */
  close(): void;
}

/** Opens `path` now, for one write of the finished output later. */
export function reserveOutput(path: string, option: string): ReservedOutput {
  const fd = openOutput(path, option);
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write(text: string) {
      try {
        writeChunks(fd, [text], path);
      } finally {
        close();
      }
    },
    close,
  };
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
