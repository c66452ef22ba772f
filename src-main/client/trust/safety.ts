/** What a user is told about a peer's key: the safety number to compare, and the words for a change. */
import type { ServerAddress } from '../../../src-shared/api/model.js';
import { safetyGroups, safetyNumber } from '../noise/safety-number.js';
import type { KeyPair } from '../noise/x25519.js';
import type { PinStore } from './pin-store.js';

/** Pins are per server: the same name on two servers may be two people. */
export function serverId(address: ServerAddress): string {
  return `${address.host}:${address.port}`;
}

export function keyChangedMessage(user: string, verified: boolean): string {
  return (
    `${user}'s safety number has changed, so the chat was refused. ` +
    `${user} may have reinstalled Parley or moved to another device; it can also mean that someone is ` +
    `listening in between. ${verified ? `You had verified ${user}. ` : ''}` +
    `Compare the new safety number with ${user} in person or by a call, and accept the new key only if it matches.`
  );
}

export interface SafetyInfo {
  readonly user: string;
  /** 60 digits; undefined while no key of the user is known. */
  readonly safetyNumber?: string;
  /** The same digits in 12 groups of 5. */
  readonly groups: string[];
  /** verified: compared and marked; pinned: seen before; changed: a new key waits for acceptance. */
  readonly status: 'unknown' | 'pinned' | 'verified' | 'changed';
  /** For `changed`: the safety number the new key would give. */
  readonly newSafetyNumber?: string;
}

export function safetyInfo(options: {
  readonly me: string;
  readonly myKeys: KeyPair;
  readonly user: string;
  readonly server: string;
  readonly pins: PinStore;
}): SafetyInfo {
  const { me, myKeys, user, server, pins } = options;
  const pin = pins.get(server, user);
  if (!pin) return { user, groups: [], status: 'unknown' };
  const number = (hex: string): string =>
    safetyNumber({ id: me, publicKey: myKeys.publicKey }, { id: user, publicKey: Buffer.from(hex, 'hex') });
  const current = number(pin.key);
  const offered = pins.offeredKey(server, user);
  return {
    user,
    safetyNumber: current,
    groups: safetyGroups(current),
    status: offered !== undefined ? 'changed' : pin.verified ? 'verified' : 'pinned',
    ...(offered === undefined ? {} : { newSafetyNumber: number(offered) }),
  };
}
