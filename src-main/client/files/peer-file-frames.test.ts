/**
 * A private chat's file frames are not requests: nothing answers them with `[200]` or `[400]`, so
 * the chat's request/response matching stays in step. Over a real TCP socket, one end a raw line
 * client, the other a PeerConnection.
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { FrameChannel } from '../frame-channel.js';
import { PeerConnection } from '../peer-connection.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

it('hands file frames to its file event without an answer; the next request gets the first answer', async () => {
  const server = createServer((socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const raw = connect(address.port, '127.0.0.1');
  sockets.push(raw);
  await once(raw, 'connect');
  const [theirs] = await accepted;
  server.close();
  const chat = new PeerConnection('alice', new FrameChannel(theirs));
  const frames: string[] = [];
  chat.on('file', ({ route }) => frames.push(route));
  const messages: string[] = [];
  chat.on('message', ({ text }) => messages.push(text));

  let received = '';
  raw.setEncoding('utf8');
  raw.on('data', (chunk: string) => (received += chunk));
  const sha256 = 'a'.repeat(64);
  raw.write(`[fileoffer] ${JSON.stringify({ id: 'f1', name: 'x.bin', size: 3, sha256 })}\n`);
  raw.write(`[filecancel] {"id":"f1"}\n`);
  raw.write(`[private] ${JSON.stringify({ id: 'm1', text: 'after the files', ts: 1 })}\n`);
  while (!received.includes('\n')) await once(raw, 'data');
  expect(received).toBe('[200] {}\n');
  expect(frames).toEqual(['fileoffer', 'filecancel']);
  expect(messages).toEqual(['after the files']);

  // And the other way: a file frame goes out as one line.
  chat.sendFileFrame('filecredit', { id: 'f1', bytes: 1024 });
  while (!received.includes('[filecredit]')) await once(raw, 'data');
  expect(received.split('\n')[1]).toBe('[filecredit] {"id":"f1","bytes":1024}');
});
