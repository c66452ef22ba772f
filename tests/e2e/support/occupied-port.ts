/** A port on 127.0.0.1 held by another program, for the "port already in use" flows. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';

/** A plain TCP server that does nothing; close `server` when done. */
export async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}
