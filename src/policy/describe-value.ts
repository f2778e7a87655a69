import { types } from 'node:util';

/** The longest description `describeValue` gives by default: a message line, not a dump. */
const MAX_DESCRIPTION = 80;
/** Entries of an array or fields of an object shown before "…". */
const MAX_ENTRIES = 4;

/**
 * A short, safe description of any value a user's code handed over, for an
 * error message: `NaN`, `"fast"`, `[null, 3]`, `{ pool: 2, mode: "soon" }`,
 * `a Proxy`, `a function score`. Safe: it never calls user code (no
 * getters, no `toString`, no Proxy traps), so describing a hostile value
 * cannot throw or hang. Brief: at most `maxLength` characters.
 */
export function describeValue(value: unknown, maxLength = MAX_DESCRIPTION): string {
  let text: string;
  try {
    text = describe(value, 1);
  } catch {
    text = 'a value that cannot be printed';
  }
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/**
 * The message of something thrown: an `Error`'s message, or for anything
 * else (a string, a number, an object whose `toString` throws) its safe
 * description marked as not an Error.
 */
export function describeThrown(thrown: unknown): string {
  try {
    // Errors from another thread (a module loader's) arrive as copies: Error objects, not native errors.
    if (!types.isProxy(thrown) && (types.isNativeError(thrown) || thrown instanceof Error)) {
      // Read inside the try: a subclass may define `message` as a getter that throws.
      const message: unknown = thrown.message;
      return typeof message === 'string' && message !== '' ? message : 'an Error without a message';
    }
  } catch {
    return 'an error whose message cannot be read';
  }
  return `${describeValue(thrown)} (thrown, not an Error)`;
}

function describe(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value.length > MAX_DESCRIPTION ? `${value.slice(0, MAX_DESCRIPTION)}…` : value);
    case 'symbol':
      return `a symbol${value.description === undefined ? '' : ` (${value.description})`}`;
    case 'function':
      return types.isProxy(value) ? 'a Proxy (of a function)' : `a function${functionName(value)}`;
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (types.isProxy(value)) return 'a Proxy';
  if (types.isNativeError(value)) return 'an Error';
  if (depth <= 0) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const shown = Math.min(value.length, MAX_ENTRIES);
    const items: string[] = [];
    for (let i = 0; i < shown; i++) items.push(field(value, String(i), depth - 1));
    return `[${items.join(', ')}${value.length > shown ? `, … (${value.length} entries)` : ''}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const shown = keys.slice(0, MAX_ENTRIES).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${field(value, k, depth - 1)}`);
  return `{ ${shown.join(', ')}${keys.length > MAX_ENTRIES ? ', …' : ''} }`;
}

/** One field of an object, read through its property descriptor so that a getter is not run. */
function field(object: object, key: string, depth: number): string {
  const d = Object.getOwnPropertyDescriptor(object, key);
  if (d === undefined) return 'empty';
  if (!('value' in d)) return '(a getter)';
  return describe(d.value, depth);
}

function functionName(fn: unknown): string {
  const d = Object.getOwnPropertyDescriptor(fn, 'name');
  return d !== undefined && typeof d.value === 'string' && d.value !== '' ? ` ${d.value}` : '';
}
