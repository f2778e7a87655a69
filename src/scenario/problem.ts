import { UserError } from '../errors.js';

/** One thing wrong with an input file, located as precisely as the parser allows. */
export interface Problem {
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  col?: number;
  /** Field path such as `sites[0].pools[1].chip`; empty for the whole file. */
  path: string;
  message: string;
}

/** `file:line:col path: message`, the form editors and terminals link. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.col ?? 1}`;
  return p.path === '' ? `${where} ${p.message}` : `${where} ${p.path}: ${p.message}`;
}

/**
 * Bad input: a file that cannot be read, parsed or validated. Carries every
 * problem found, so that the user fixes them all in one go. The CLI prints
 * the problems and exits with code 2; it never shows a stack for this error.
 */
export class InputError extends UserError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }

  /** An input error about a whole file, or one field without a position. */
  static single(file: string, message: string, path = ''): InputError {
    return new InputError([{ file, path, message }]);
  }
}

/** `unknown site "x" — known: a, b`: a name that refers to nothing, with the names it could be. */
export function unknownName(what: string, value: string, known: readonly string[]): string {
  return `unknown ${what} "${value}" — known: ${known.length > 0 ? known.join(', ') : '(none)'}`;
}

/** `['sites', 0, 'pools', 1, 'chip']` → `sites[0].pools[1].chip`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
