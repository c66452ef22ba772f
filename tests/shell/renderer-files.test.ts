import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, rendererFileFor } from '../../src-main/shell/renderer-files.js';

const root = '/opt/parley/out/renderer';

describe('rendererFileFor', () => {
  it('maps app://parley paths into the renderer folder', () => {
    expect(rendererFileFor(root, 'app://parley/')).toBe(join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://parley/index.html')).toBe(join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://parley/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets/index-abc.js'),
    );
  });

  it('keeps dot segments inside the folder (the URL parser resolves them at the root)', () => {
    expect(rendererFileFor(root, 'app://parley/../../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(rendererFileFor(root, 'app://parley/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'));
  });

  it('refuses encoded traversal, NUL, bad escapes, other hosts and other schemes', () => {
    for (const url of [
      'app://parley/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://parley/..%2f',
      'app://parley/%00.html',
      'app://parley/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'nonsense',
    ]) {
      expect(rendererFileFor(root, url), url).toBeUndefined();
    }
  });

  it('names content types for what a Vite build emits', () => {
    expect(contentTypeOf('a/index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('a/x.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('a/x.css')).toMatch(/^text\/css/);
    expect(contentTypeOf('a/x.bin')).toBe('application/octet-stream');
  });
});
