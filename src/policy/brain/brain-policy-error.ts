import { UserError } from '../../errors.js';

/**
 * A brain policy that cannot work: bad options, or a user's brain policy
 * module that threw or answered something that is not a site. The message
 * names the policy (the module, for a user's), the hook and the value; the
 * CLI prints it without a stack and exits with code 2.
 */
export class BrainPolicyError extends UserError {
  constructor(
    readonly policyName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`brain policy "${policyName}": ${message}`, options);
    this.name = 'BrainPolicyError';
  }
}
