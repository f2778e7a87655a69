/** A second policy to compare with `first`: `wanted`, unless it is the same. */
export function otherPolicy(first: string, wanted: string): string {
  if (wanted !== first) return wanted;
  return first === 'fifo' ? 'cheapest' : 'fifo';
}

/** The command line that runs a scenario as `command` does: results as JSON, so that the harness can check them. */
export function commandLine(command: string, scenario: string, policy: string, other: string): string[] {
  if (command === 'validate') return ['validate', scenario];
  if (command === 'compare') return ['compare', scenario, '--policies', `${policy},${other}`, '--seeds', '2', '--format', 'json', '--quiet'];
  return ['run', scenario, '--format', 'json'];
}
