/**
 * LAN discovery over real multicast DNS, inside a network namespace of its own with only `lo` up
 * and a non-default mDNS port, so no test packet leaves the machine (tests/helpers/netns-discovery.ts
 * refuses to run anywhere else). Where namespaces or multicast are unavailable the test skips and says why.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_NEW_NAMESPACE, MDNS_PORT, namespaceProblem } from '../../tests/helpers/netns.js';
import { parseTxt } from './txt-record.js';

const ROOT = join(import.meta.dirname, '..', '..');
const HELPER = join(ROOT, 'tests', 'helpers', 'netns-discovery.ts');
const problem = namespaceProblem();
if (problem) console.log(`LAN discovery tests skipped: ${problem}`);

function runInNamespace(): Promise<Record<string, unknown>[]> {
  const [command = 'unshare', ...args] = [...IN_NEW_NAMESPACE, process.execPath, '--import', 'tsx', HELPER];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PARLEY_MDNS_PORT: String(MDNS_PORT) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const lines = out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      if (code === 0) resolve(lines);
      else reject(new Error(`helper exited ${code}:\n${out}\n${err}`));
    });
  });
}

describe('TXT records of found servers', () => {
  it('keeps a 1.x version, a cleaned name and a well-formed fingerprint only', () => {
    const fp = `SHA256:${'A'.repeat(43)}`;
    expect(parseTxt({ v: '1.2', name: 'Office', fp })).toEqual({
      version: '1.2',
      name: 'Office',
      fingerprint: fp,
    });
    expect(parseTxt({ v: Buffer.from('1.2'), name: 'a\u202Eb\u0007c', fp: 'nope' })).toEqual({
      version: '1.2',
      name: 'abc',
      fingerprint: undefined,
    });
    expect(parseTxt({ v: '2.0', name: 'Future' })).toBeUndefined();
    expect(parseTxt({ name: 'No version' })).toBeUndefined();
    expect(parseTxt(null)).toBeUndefined();
    expect(parseTxt({ v: '1.2', name: 'x'.repeat(500) })?.name).toHaveLength(63);
  });
});

describe.skipIf(problem !== undefined)('LAN discovery in a namespace of its own', () => {
  it("finds a published server with its TXT, survives malformed packets, drops it on goodbye; an app finds another app's hosted server; the headless server advertises too", async () => {
    const lines = await runInNamespace();
    const step = (name: string): Record<string, unknown> => {
      const line = lines.find((l) => l.step === name);
      if (!line) throw new Error(`no ${name} step in ${JSON.stringify(lines)}`);
      return line;
    };
    const found = step('found');
    // Awaited with a generous deadline inside the helper; the time is reported, not asserted.
    console.log(`published server found in ${String(found.ms)} ms`);
    expect(found.server).toMatchObject({
      name: 'Office chat',
      host: '127.0.0.1',
      port: 5999,
      fingerprint: found.fingerprint,
    });
    const survived = step('survived-junk');
    expect(survived.listed).toEqual(expect.arrayContaining(['Second']));
    expect(survived.listed).not.toContain('Old');
    expect(survived.listed).not.toContain('Evil');
    step('removed');
    const app = step('app-found');
    expect(app.server).toMatchObject({
      host: '127.0.0.1',
      port: app.hostPort,
      fingerprint: app.hostFingerprint,
    });
    expect(app.connectedFingerprint).toBe(app.hostFingerprint);
    const headless = step('headless');
    expect(headless.server).toMatchObject({
      name: 'Lab',
      host: '127.0.0.1',
      fingerprint: headless.fingerprint,
    });
    step('headless-removed');
    expect(lines.at(-1)).toEqual({ done: true });
  }, 90_000);
});
