import { createServer, type Server } from 'node:net';

/** A TCP listener standing in for a database server someone should never reach: it counts who connects, and answers nothing. */
export async function connectionCounter(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, connections: () => count, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
