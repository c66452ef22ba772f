/**
 * Creates Parley accounts in bulk before a measurement: a few connections each pipeline a batch of
 * `[register]` requests and read the replies FIFO, then close (so the accounts are offline). A
 * connection that has not logged in is closed after 30 s, so with OWASP hashing keep batches small.
 */
import { nextResponse, registerFrame } from '../adapters/parley.js';
import { LineConn } from './line-conn.js';
import { mapLimit } from './pool.js';

export async function registerAll(
  host: string,
  port: number,
  names: readonly string[],
  password: string,
  connections = 4,
  batch = 200,
): Promise<void> {
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += batch) batches.push(names.slice(i, i + batch));
  await mapLimit(batches, connections, async (group) => {
    const conn = await LineConn.open(host, port);
    try {
      conn.write(group.map((name) => registerFrame(name, password)).join(''));
      for (const name of group) {
        const reply = await nextResponse(conn, 120_000, `the reply to register ${name}`);
        if (!reply.startsWith('[200]') && !reply.startsWith('[409]'))
          throw new Error(`register ${name}: ${reply}`);
      }
    } finally {
      conn.close();
    }
  });
}
