import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FilePinStore } from './file-pin-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(): FilePinStore {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pin-store-'));
  dirs.push(dir);
  return new FilePinStore(join(dir, 'nested', 'known-servers.json'));
}

const FP = `SHA256:${'b'.repeat(43)}`;

describe('FilePinStore', () => {
  it('keeps pins per address in a file only its owner can read, and forgets one on request', () => {
    const pins = store();
    expect(pins.get('10.0.0.2:5000')).toBeUndefined();
    pins.set('10.0.0.2:5000', FP);
    pins.set('10.0.0.3:5000', FP);
    expect(new FilePinStore(pins.file).get('10.0.0.2:5000')).toBe(FP);
    expect(statSync(pins.file).mode & 0o777).toBe(0o600);
    pins.forget('10.0.0.2:5000');
    expect(pins.get('10.0.0.2:5000')).toBeUndefined();
    expect(pins.get('10.0.0.3:5000')).toBe(FP);
  });

  it('ignores an entry that is no fingerprint, and refuses to overwrite a damaged file', () => {
    const pins = store();
    pins.set('a:1', FP);
    writeFileSync(pins.file, JSON.stringify({ 'a:1': 'not a fingerprint' }));
    expect(pins.get('a:1')).toBeUndefined();
    writeFileSync(pins.file, '{ broken');
    expect(() => pins.get('a:1')).toThrow(/not valid JSON; fix or remove it/);
    expect(() => pins.set('a:1', FP)).toThrow(/not valid JSON/);
  });
});
