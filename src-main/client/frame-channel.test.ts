// The channel's own edge cases over a real socket pair. Behaviour against the server is tested
// with the real server in parley-client.test.ts and private-chats.test.ts.
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameChannel } from './frame-channel.js';
import { ParleyError } from './parley-error.js';

const sockets: Socket[] = [];
const servers: ReturnType<typeof createServer>[] = [];

async function pair(): Promise<{ near: Socket; far: Socket }> {
  const server = createServer();
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const near = connect(port, '127.0.0.1');
  const [far] = await accepted;
  await once(near, 'connect');
  sockets.push(near, far);
  return { near, far };
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

describe('FrameChannel', () => {
  it('matches responses first in, first out, and hands route frames over in order', async () => {
    const { near, far } = await pair();
    const channel = new FrameChannel(near);
    const routes: string[] = [];
    const first = channel.request('whoelse', {});
    const second = channel.request('ping', {});
    // Split mid-frame, pushes between responses, a frame held until a handler is set.
    far.write('[presence] {"user":"b","online":true}\n[200] {"users"');
    far.write(':["b"]}\n[400] bad\n[bye] {"reason":"timeout"}\n');
    expect(await first).toEqual({ kind: 'response', status: 200, body: { users: ['b'] } });
    expect(await second).toEqual({ kind: 'response', status: 400, body: 'bad' });
    channel.setRouteHandler((frame) => routes.push(frame.route));
    expect(routes).toEqual(['presence', 'bye']);
  });

  it('rejects every pending request at once when the connection drops', async () => {
    const { near, far } = await pair();
    const channel = new FrameChannel(near);
    const pending = [channel.request('whoelse', {}), channel.request('ping', {})];
    far.destroy();
    for (const request of pending) await expect(request).rejects.toBeInstanceOf(ParleyError);
    await expect(channel.request('ping', {})).rejects.toMatchObject({ status: 0, message: 'not connected' });
  });

  it('drops a connection whose answer does not come in time', async () => {
    const { near } = await pair();
    const channel = new FrameChannel(near, { requestTimeoutMs: 50 });
    await expect(channel.request('ping', {})).rejects.toMatchObject({ status: 0 });
    expect(channel.closed).toBe(true);
  });
});
