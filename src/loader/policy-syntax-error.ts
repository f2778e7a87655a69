/**
 * The code of the SyntaxError the policy module hooks throw, so that the
 * loader can tell it from the policy's own errors. A module of its own: the
 * loader reads it without loading the hooks, and with them esbuild, which
 * only a TypeScript policy module needs.
 */
export const POLICY_SYNTAX_ERROR = 'ERR_MANYCHIP_POLICY_SYNTAX';
