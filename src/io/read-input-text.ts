import { InputFileError } from './input-file-error.js';
import { openInput, type InputOptions } from './open-input.js';
import { textStart } from './text-encoding.js';

/**
 * The whole text of an input file, for formats that must be parsed whole
 * (a scenario, a sweep, a JSON table). Read through `openInput`, so the
 * file must be regular, gzip is inflated, and `limitBytes` (counted on
 * the inflated bytes as they come) bounds what is held. UTF-8 only: a
 * UTF-8 byte-order mark is dropped, another encoding is refused by name.
 */
export function readInputText(path: string, options: InputOptions): string {
  const input = openInput(path, options);
  const chunks: Buffer[] = [];
  try {
    // Each chunk is a view the next read overwrites: keep copies.
    for (let chunk = input.read(); chunk !== undefined; chunk = input.read()) chunks.push(Buffer.from(chunk));
  } finally {
    input.close();
  }
  const bytes = Buffer.concat(chunks);
  const start = textStart(bytes.subarray(0, 64));
  if (!start.utf8) throw new InputFileError(input.name, options.what, start.reason);
  return bytes.toString('utf8', start.bomBytes);
}
