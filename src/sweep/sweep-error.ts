import { UserError } from '../errors.js';

/** Sweep trouble that is the user's to fix (exit code 2): a file of another sweep, an output that exists, a policy that fails. */
export class SweepError extends UserError {
  override name = 'SweepError';
}
