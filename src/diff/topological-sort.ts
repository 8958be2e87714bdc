/**
 * Kahn's algorithm with a stable tie-break: among the nodes that are ready, the one with the
 * smallest `sortKey` goes first. A cycle is broken at its smallest node, so the result is always
 * complete and always the same for the same input.
 */
export function topologicalSort<T>(
  nodes: readonly T[],
  edges: ReadonlyMap<number, ReadonlySet<number>>,
  sortKey: (node: T) => string,
  cluster: (node: T) => string | undefined = () => undefined,
): T[] {
  const indegree = nodes.map(() => 0);
  for (const targets of edges.values()) for (const t of targets) indegree[t] = (indegree[t] ?? 0) + 1;
  const keys = nodes.map(sortKey);
  const done = nodes.map(() => false);
  const order: T[] = [];
  const ready = new Set<number>();
  nodes.forEach((_, i) => {
    if (indegree[i] === 0) ready.add(i);
  });
  const smallest = (candidates: Iterable<number>) => {
    let best = -1;
    for (const i of candidates) if (best < 0 || (keys[i] ?? '') < (keys[best] ?? '')) best = i;
    return best;
  };
  const clusters = nodes.map(cluster);
  const left = new Map<string, number>();
  for (const c of clusters) if (c !== undefined) left.set(c, (left.get(c) ?? 0) + 1);
  let open: string | undefined;
  while (order.length < nodes.length) {
    // Members of the cluster being emitted go next when they can, so the cluster stays contiguous.
    const sameCluster = open === undefined ? [] : [...ready].filter((i) => clusters[i] === open);
    let next = smallest(sameCluster.length > 0 ? sameCluster : ready);
    if (next < 0) next = smallest(nodes.map((_, i) => i).filter((i) => !done[i]));
    ready.delete(next);
    done[next] = true;
    order.push(nodes[next] as T);
    const c = clusters[next];
    if (c !== undefined) {
      const remaining = (left.get(c) ?? 1) - 1;
      left.set(c, remaining);
      open = remaining > 0 ? c : undefined;
    }
    for (const t of edges.get(next) ?? []) {
      indegree[t] = (indegree[t] ?? 0) - 1;
      if (indegree[t] === 0 && !done[t]) ready.add(t);
    }
  }
  return order;
}
