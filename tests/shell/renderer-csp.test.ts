/**
 * The renderer's meta Content-Security-Policy: in the built page, exactly the strict policy; in
 * the source page (what the dev server serves), none, so Vite's inline React-refresh preamble runs
 * under the dev header policy alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/shell/security-policy.js';
import { BUILD_CONTENT_SECURITY_POLICY, injectCsp } from '../../src-renderer/vite.config.js';

const STRICT =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws:; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi;

function metaPolicies(html: string): string[] {
  return [...html.matchAll(META)].map((m) => m[1]!);
}

describe('renderer Content-Security-Policy', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-renderer-csp-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('puts exactly the strict policy in the built index.html', async () => {
    await build({
      configFile: 'src-renderer/vite.config.ts',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(metaPolicies(html)).toEqual([STRICT]);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('leaves the source page (served by the dev server) without a meta policy', () => {
    const source = readFileSync('src-renderer/index.html', 'utf8');
    expect(metaPolicies(source)).toEqual([]);
    expect(source).not.toMatch(/Content-Security-Policy"/);
    expect(metaPolicies(injectCsp(source))).toEqual([STRICT]);
  });

  it("refuses a page without the policy's mark rather than building it without one", () => {
    expect(() => injectCsp('<html><head></head></html>')).toThrow(/parley:csp/);
  });

  it("agrees with the shell's policy on scripts, styles, objects and base", () => {
    const directives = (policy: string) =>
      new Map(policy.split(';').map((part) => [part.trim().split(/\s+/)[0]!, part.trim()]));
    const meta = directives(BUILD_CONTENT_SECURITY_POLICY);
    const shell = directives(CONTENT_SECURITY_POLICY);
    for (const name of ['default-src', 'script-src', 'style-src', 'object-src', 'base-uri']) {
      expect(meta.get(name), name).toBe(shell.get(name));
    }
  });
});
