/**
 * The scale-out harness itself, against redis-server alone: AOF survives kill -9, an empty restart
 * is empty, SIGSTOP holds replies until SIGCONT, and CLIENT KILL TYPE pubsub cuts a subscriber.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAllRedis, sendCommand, startRedis } from '../helpers/redis-server.js';

afterAll(disposeAllRedis);

/** The process state letter from /proc (T = stopped). */
function procState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

describe('redis-server harness', () => {
  it('keeps what was written across kill -9 and restart (AOF), and comes back empty when asked', async () => {
    const redis = await startRedis();
    expect(await redis.command('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.command('CONFIG', 'GET', 'maxmemory-policy')).toEqual([
      'maxmemory-policy',
      'noeviction',
    ]);
    expect(await redis.command('SET', 'k', 'v1')).toBe('OK');
    expect(await redis.command('XADD', 's', '1-0', 'p', 'x')).toBe('1-0');
    const before = redis.pid;
    await redis.restart();
    expect(redis.pid).not.toBe(before);
    expect(await redis.command('GET', 'k')).toBe('v1');
    expect(await redis.command('XLEN', 's')).toBe(1);
    await redis.restartEmpty();
    expect(await redis.command('GET', 'k')).toBeNull();
    expect(await redis.command('DBSIZE')).toBe(0);
    await redis.dispose();
  });

  it('holds replies while stopped and answers them after SIGCONT', async () => {
    const redis = await startRedis();
    redis.stop();
    // SIGSTOP is delivered asynchronously; /proc says when it took.
    while (procState(redis.pid) !== 'T') await new Promise((r) => setImmediate(r));
    let answered = false;
    const ping = sendCommand(redis.port, ['PING'], 60_000).then((reply) => {
      answered = true;
      return reply;
    });
    expect(procState(redis.pid)).toBe('T');
    expect(answered).toBe(false);
    redis.cont();
    expect(await ping).toBe('PONG');
    await redis.dispose();
  });

  it('cuts pub/sub connections with CLIENT KILL TYPE pubsub, and only those', async () => {
    const redis = await startRedis();
    const subscriber = connect({ port: redis.port, host: '127.0.0.1' });
    await once(subscriber, 'connect');
    subscriber.write('*2\r\n$9\r\nSUBSCRIBE\r\n$1\r\nc\r\n');
    await once(subscriber, 'data');
    const closed = once(subscriber, 'close');
    expect(await redis.killPubsubClients()).toBe(1);
    await closed;
    expect(await redis.command('PING')).toBe('PONG');
    await redis.dispose();
  });
});
