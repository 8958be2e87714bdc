import { openScratchServer, type ScratchServer } from './scratch-server.js';

/**
 * Scratch servers by PostgreSQL major version, started on first use and closed together.
 *
 * PostgreSQL prints views, CHECKs, index expressions and other stored text differently from one
 * major version to the next, and ships other extension versions, so a desired model read on a
 * PostgreSQL 18 scratch server never equals a PostgreSQL 15 tenant's, however often the plan runs.
 * A tenant is therefore compared with the desired model as its own major version builds it: the
 * dev-url when it runs that version, otherwise an embedded server of that version.
 */
export interface ScratchPool {
  /** The scratch server for `major` (undefined: the dev-url, or the default embedded server). */
  forMajor(major?: number): Promise<ScratchServer>;
  /** Closes every server started; safe to call twice. */
  close(): Promise<void>;
}

export function openScratchPool(options: { readonly devUrl?: string; readonly scratch?: ScratchServer } = {}): ScratchPool {
  const servers = new Map<number | 'default', Promise<ScratchServer>>();
  // A server handed in by the caller is the default one and stays open (the caller closes it).
  if (options.scratch) servers.set('default', Promise.resolve(options.scratch));
  const owned = new Set<Promise<ScratchServer>>();
  let closed = false;
  const open = (major?: number): Promise<ScratchServer> => {
    const opening = openScratchServer({ ...(options.devUrl ? { devUrl: options.devUrl } : {}), ...(major === undefined ? {} : { major }) });
    owned.add(opening);
    // A failed start is not cached: the next tenant of that version tries again (and reports it).
    opening.catch(() => {
      owned.delete(opening);
      for (const [key, value] of servers) if (value === opening) servers.delete(key);
    });
    return opening;
  };
  return {
    async forMajor(major) {
      if (closed) throw new Error('the scratch pool is closed');
      const byDefault = servers.get('default');
      if (major === undefined) {
        if (byDefault) return byDefault;
        const opening = open();
        servers.set('default', opening);
        return opening;
      }
      const known = servers.get(major);
      if (known) return known;
      // The default server, once open, serves its own major.
      if (byDefault) {
        const server = await byDefault.catch(() => undefined);
        if (server?.major === major) return server;
      }
      const again = servers.get(major);
      if (again) return again;
      const opening = open(major);
      servers.set(major, opening);
      return opening;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...owned].map(async (opening) => (await opening).close()));
    },
  };
}
