/** Options that hand Node a script on the command line (and take it as their value, or after `=`). */
const SCRIPT_OPTIONS = new Set(['-e', '--eval', '-p', '--print', '-pe', '-ep']);

/**
 * The Node flags of this process, for a child Node process that runs a
 * bench file: `process.execArgv` without a script given on the command
 * line. Started as `node -e '…'`, execArgv holds that script, and a child
 * handed it would run the script again instead of the file, which would
 * start its own children, and so on.
 */
export function childNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (SCRIPT_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('--eval=') || arg.startsWith('--print=')) continue;
    flags.push(arg);
  }
  return flags;
}
