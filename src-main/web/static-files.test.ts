import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStatic } from './static-files.js';

let parent: string;
let root: string;

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), 'parley-static-'));
  root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '');
  writeFileSync(join(parent, 'secret.txt'), 'not for the page');
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('resolveStatic', () => {
  it('finds files inside the renderer folder, index.html for a folder', () => {
    expect(resolveStatic(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveStatic(root, '/missing.js')).toBeUndefined();
    expect(resolveStatic(root, '/assets')).toBeUndefined();
  });

  it('never leaves the folder, however the path is spelled', () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
    ]) {
      expect(resolveStatic(root, path)).toBeUndefined();
    }
    expect(resolveStatic(root, '/index.html%00.js')).toBeUndefined();
    expect(resolveStatic(root, '/%E0%A4%A')).toBeUndefined();
  });
});
