import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileFileBox } from './secret-box.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-box-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the profile-file secret box', () => {
  it('opens what it sealed, never shows it, and keeps its key for the user only', () => {
    const box = profileFileBox(dir);
    const sealed = box.seal('correct horse battery');
    expect(sealed).not.toContain('correct');
    expect(box.seal('correct horse battery')).not.toBe(sealed);
    expect(profileFileBox(dir).open(sealed)).toBe('correct horse battery');
    expect(statSync(join(dir, 'remember.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a tampered seal and one from another profile', () => {
    const sealed = profileFileBox(dir).seal('secret');
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => profileFileBox(dir).open([v, iv, tag, flipped.toString('base64')].join('.'))).toThrow();
    const other = mkdtempSync(join(tmpdir(), 'parley-box-other-'));
    try {
      expect(() => profileFileBox(other).open(sealed)).toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
