import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../noise/x25519.js';
import { FileKeyStore, loadOrCreateStaticKey } from './key-store.js';
import { PinStore } from './pin-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-trust-'));
  dirs.push(dir);
  return dir;
}

describe('the static key file', () => {
  it('is created at first run, readable by this user only, and the same key comes back', () => {
    const path = join(tempDir(), 'profile', 'static-key.json');
    const first = loadOrCreateStaticKey(new FileKeyStore(path));
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadOrCreateStaticKey(new FileKeyStore(path));
    expect(again.publicKey.equals(first.publicKey)).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toContain(first.publicKey.toString('base64'));
  });

  it.skipIf(process.platform === 'win32')('tightens a key file someone made readable to others', () => {
    const path = join(tempDir(), 'static-key.json');
    const store = new FileKeyStore(path);
    store.save(generateKeyPair().privateKey);
    chmodSync(path, 0o644);
    expect(store.load()).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that holds no key, with its path', () => {
    const path = join(tempDir(), 'static-key.json');
    writeFileSync(path, '{"x25519":"c2hvcnQ="}', { mode: 0o600 });
    expect(() => new FileKeyStore(path).load()).toThrow(`${path} does not hold a static key`);
  });
});

describe('pins', () => {
  const key = generateKeyPair().publicKey;
  const other = generateKeyPair().publicKey;

  it('pin the first key per server and user, refuse a changed one until accepted, and persist', () => {
    const path = join(tempDir(), 'pins.json');
    const pins = new PinStore(path);
    expect(pins.check('host:5000', 'bob', key)).toBe('new');
    expect(pins.check('host:5000', 'bob', key)).toBe('same');
    expect(pins.check('other:5000', 'bob', other)).toBe('new'); // another server, another bob
    expect(pins.check('host:5000', 'bob', other)).toBe('changed');
    expect(pins.get('host:5000', 'bob')?.key).toBe(key.toString('hex')); // still the old one
    expect(pins.setVerified('host:5000', 'bob', true)).toBe(true);

    const reloaded = new PinStore(path);
    expect(reloaded.get('host:5000', 'bob')).toMatchObject({ key: key.toString('hex'), verified: true });
    expect(reloaded.check('host:5000', 'bob', other)).toBe('changed');
    expect(reloaded.acceptOffered('host:5000', 'bob')).toBe(true);
    expect(reloaded.get('host:5000', 'bob')).toMatchObject({ key: other.toString('hex'), verified: false });
    expect(reloaded.acceptOffered('host:5000', 'bob')).toBe(false);
    expect(new PinStore(path).check('host:5000', 'bob', other)).toBe('same');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('cannot verify a user whose key was never seen', () => {
    expect(new PinStore().setVerified('host:5000', 'nobody', true)).toBe(false);
  });
});
