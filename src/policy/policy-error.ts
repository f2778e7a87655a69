import { UserError } from '../errors.js';

/**
 * A policy that cannot work: bad options, or a user policy that threw. The
 * message names the policy (and the job it was deciding, if any); the CLI
 * prints it without a stack and exits with code 2.
 */
export class PolicyError extends UserError {
  constructor(
    readonly policyName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`policy "${policyName}": ${message}`, options);
    this.name = 'PolicyError';
  }
}
