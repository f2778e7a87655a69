/** What `sweep` was given, as far as running it again is concerned. */
export interface SweepCommandLine {
  set: readonly string[];
  policies?: string | undefined;
  seeds?: number | undefined;
  seed?: number | undefined;
  workers?: number | undefined;
  shard?: string | undefined;
  strict?: boolean | undefined;
  format: string;
  report?: string | undefined;
  quiet?: boolean | undefined;
  timeout?: number | undefined;
}

/**
 * The command that goes on with an interrupted sweep: the same sweep, file,
 * output and options, with `--resume` (and without `--force`, which would
 * start over). Every argument is quoted for a POSIX shell where it needs to be.
 */
export function resumeCommand(file: string, output: string, flags: SweepCommandLine): string {
  const args = ['manychip', 'sweep', file];
  for (const set of flags.set) args.push('--set', set);
  const add = (option: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(option, String(value));
  };
  add('--policies', flags.policies);
  add('--seeds', flags.seeds);
  add('--seed', flags.seed);
  add('-o', output);
  add('--workers', flags.workers);
  add('--shard', flags.shard);
  if (flags.strict === true) args.push('--strict');
  if (flags.format !== 'table') args.push('--format', flags.format);
  add('--report', flags.report);
  if (flags.quiet === true) args.push('--quiet');
  add('--timeout', flags.timeout);
  args.push('--resume');
  return args.map(shellQuote).join(' ');
}

/** An argument as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
