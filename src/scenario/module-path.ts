/**
 * Whether a name given for a policy, a site's policy, the brain's policy or
 * an elastic pool's scaling rule (in a scenario, or with --policy and its
 * kin) names a module file rather than a built-in: it holds a path
 * separator, or ends in .js, .mjs, .ts or .mts. Built-in names have
 * neither, so the two can never be confused.
 */
export function isModulePath(name: string): boolean {
  return /\.(m?js|ts|mts)$/.test(name) || /[\\/]/.test(name);
}
