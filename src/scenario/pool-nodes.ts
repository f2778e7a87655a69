/**
 * Nodes a pool has room for: an elastic pool's most (its `nodes` is only
 * how many are on at the start), else its count. What capacity is sized by.
 */
export function poolNodes(pool: { readonly nodes: number; readonly elastic?: { readonly maxNodes: number } | undefined }): number {
  return pool.elastic === undefined ? pool.nodes : Math.max(pool.nodes, pool.elastic.maxNodes);
}
