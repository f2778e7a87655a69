import type { Outcome } from './fuzz-case.js';

/**
 * Text that only a JavaScript engine writes: a user who reads it has met a
 * bug, whatever the exit code. A clean error never contains it.
 */
const RAW_JS_TEXT = [
  /Cannot read propert(y|ies) of/,
  /Cannot set propert(y|ies) of/,
  /Cannot convert (undefined|null|a Symbol|object)/,
  /is not a function/,
  /is not iterable/,
  /is not a constructor/,
  /is not defined/,
  /Maximum call stack size exceeded/,
  /Invalid (typed )?array length/,
  /Invalid string length/,
  /Array buffer allocation failed/,
];

/** A line of a stack trace, as V8 prints one. */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** Signs that a process died of memory exhaustion (V8's heap limit, or the data limit it was spawned under). */
const OUT_OF_MEMORY = /heap out of memory|Allocation failed|std::bad_alloc|Array buffer allocation failed|Cannot allocate memory|ERR_WORKER_OUT_OF_MEMORY|out of memory/i;

/** A policy error quotes what the user's own code threw, which may well be raw JavaScript text: that is the user's, not manychip's. */
const POLICY_ERROR = /^(error: )?policy "/;

/** Why a message a user sees is not clean, or undefined when it is; `debug` (the user asked for stacks with --debug) allows a stack. */
export function uncleanText(text: string, debug = false): string | undefined {
  if (/internal error/i.test(text)) return 'says "internal error"';
  if (!debug && STACK_LINE.test(text)) return 'shows a stack trace';
  if (POLICY_ERROR.test(text.trimStart())) return undefined;
  const raw = RAW_JS_TEXT.find((re) => re.test(text));
  if (raw !== undefined) return `shows raw JavaScript text (${raw.source.replace(/\\/g, '')})`;
  return undefined;
}

export function looksOutOfMemory(text: string): boolean {
  return OUT_OF_MEMORY.test(text);
}

export interface ThrownInfo {
  /** The error's class chain, nearest first (`InputError`, `UserError`, `Error`). */
  classes: string[];
  message: string;
  stack?: string;
}

/**
 * The outcome of an error thrown in-process: a `UserError` (or an output
 * or timeout error) with a clean message is a clean error; everything
 * else is a crash (or out of memory, when V8 says so).
 */
export function classifyThrown(info: ThrownInfo): Outcome {
  const first = firstLine(info.message);
  const user = info.classes.some((c) => c === 'UserError' || c === 'OutputError' || c === 'TimeoutError');
  if (looksOutOfMemory(info.message) && !user) return { kind: 'out-of-memory', via: 'library', message: first };
  if (!user) {
    return { kind: 'crash', via: 'library', message: `${info.classes[0] ?? 'thrown'}: ${first}`, ...(info.stack === undefined ? {} : { detail: info.stack }) };
  }
  const unclean = uncleanText(info.message);
  if (unclean !== undefined) return { kind: 'crash', via: 'library', message: `${info.classes[0] ?? 'UserError'} ${unclean}: ${first}`, detail: info.message };
  return { kind: 'clean-error', via: 'library', message: first, detail: info.message };
}

export interface ProcessEnd {
  code: number | null;
  signal: string | null;
  stderr: string;
  /** True when the harness killed it for running past the time limit. */
  timedOut: boolean;
  timeLimitMs: number;
  /** The command line had --debug, which asks for stack traces. */
  debug?: boolean;
}

/**
 * The outcome of a spawned `manychip`: exit 0 is ok (the caller checks the
 * results), 2/3/4 with a clean message on stderr is a clean error; a kill
 * at the time limit is a hang, a death with the signs of memory exhaustion
 * is out of memory, anything else a crash.
 */
export function classifyExit(end: ProcessEnd): Outcome {
  const first = firstMeaningfulLine(end.stderr);
  if (end.timedOut) return { kind: 'hang', via: 'cli', message: `no end within ${end.timeLimitMs} ms`, detail: tail(end.stderr) };
  // A process that chose its exit code did not die of memory, whatever its message says.
  const chosen = end.signal === null && (end.code === 0 || end.code === 1 || end.code === 2 || end.code === 3 || end.code === 4);
  if (!chosen && (looksOutOfMemory(end.stderr) || end.signal === 'SIGABRT' || end.code === 134)) {
    return { kind: 'out-of-memory', via: 'cli', message: first === '' ? `killed by ${end.signal ?? `exit ${end.code}`}` : first, detail: tail(end.stderr) };
  }
  if (end.code === 0) return { kind: 'ok', via: 'cli', message: 'exit 0' };
  if (end.code === 2 || end.code === 3 || end.code === 4) {
    if (end.stderr.trim() === '') return { kind: 'crash', via: 'cli', message: `exit ${end.code} with nothing on standard error` };
    const unclean = uncleanText(end.stderr, end.debug === true);
    if (unclean !== undefined) return { kind: 'crash', via: 'cli', message: `exit ${end.code}, but ${unclean}: ${first}`, detail: tail(end.stderr) };
    return { kind: 'clean-error', via: 'cli', message: `exit ${end.code}: ${first}`, detail: tail(end.stderr) };
  }
  const how = end.signal === null ? `exit ${end.code}` : `killed by ${end.signal}`;
  return { kind: 'crash', via: 'cli', message: `${how}: ${first}`, detail: tail(end.stderr) };
}

export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim().slice(0, 300);
}

/** The first line worth reading: not a blank, not Node's "file:line" preamble to an uncaught error. */
function firstMeaningfulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const line = lines.find((l) => l !== '' && !/^(file:\/\/|\/).*:\d+$/.test(l) && l !== '^' && !/^\^+$/.test(l));
  return (line ?? '').slice(0, 300);
}

function tail(text: string): string {
  return text.length > 4000 ? `…${text.slice(-4000)}` : text;
}
