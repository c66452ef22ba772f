import type { Adapter, ProtocolName } from './adapter.js';
import { ircAdapter } from './irc.js';
import { floorAdapter, parleyAdapter } from './parley.js';
import { redisAdapter } from './redis.js';
import { redisStreamsAdapter } from './redis-streams.js';

export const adapters: Record<ProtocolName, Adapter> = {
  parley: parleyAdapter,
  floor: floorAdapter,
  irc: ircAdapter,
  redis: redisAdapter,
  'redis-streams': redisStreamsAdapter,
};
