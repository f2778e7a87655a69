import { UserError } from '../../errors.js';

/**
 * A scaling rule that cannot work: a rule module that throws, returns
 * something that is not a number of nodes, or does not have the rule
 * shape. The message names the module (and the pool and time); the CLI
 * prints it without a stack and exits with code 2.
 */
export class RuleError extends UserError {
  constructor(
    readonly rule: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`rule module "${rule}": ${message}`, options);
    this.name = 'RuleError';
  }
}
