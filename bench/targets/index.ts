import { floorTarget } from './floor.js';
import { ngircdTarget } from './ngircd.js';
import { parleyTarget } from './parley.js';
import { redisTarget } from './redis.js';
import { redisAofTarget } from './redis-aof.js';
import type { TargetName, TargetStarter } from './target.js';

export const targets: Record<TargetName, TargetStarter> = {
  parley: parleyTarget,
  floor: floorTarget,
  ngircd: ngircdTarget,
  redis: redisTarget,
  'redis-aof': redisAofTarget,
};
