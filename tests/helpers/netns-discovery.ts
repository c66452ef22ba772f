/**
 * Run by discovery.test.ts inside a network namespace of its own (`unshare -rn`, only `lo` up, a
 * non-default mDNS port): publishes, browses, sends malformed packets, runs the headless server
 * with --advertise, and prints one JSON line per finding. Never run it outside such a namespace.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { createAppCore } from '../../src-main/app/app-core.js';
import { callCommand } from '../../src-main/app/call-command.js';
import { defaultSettings } from '../../src-main/app/settings-store.js';
import { advertiseServer } from '../../src-main/discovery/advertise.js';
import { FAST_SCRYPT } from '../../src-main/store/password.js';
import type { FoundServer } from '../../src-shared/api/index.js';
import { ServerBrowser, type DiscoveredServer } from '../../src-main/discovery/browse.js';
import { mdnsOptionsFromEnv } from '../../src-main/discovery/mdns-options.js';
import { selfSignedCertificate } from '../../src-main/tls/server-certificate.js';

/** dns-packet (multicast-dns's own encoder) has no types of its own: the little used here. */
interface Answer {
  readonly type: 'PTR' | 'SRV' | 'TXT';
  readonly name: string;
  readonly data: unknown;
}
const dnsPacket = createRequire(import.meta.url)('dns-packet') as {
  encode(packet: { type: 'response'; flags: number; answers: Answer[] }): Buffer;
  AUTHORITATIVE_ANSWER: number;
};

const WAIT_MS = 15_000;
const report = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify(line)}\n`);

// The guard of guards: refuse to run where a real interface exists.
const interfaces = Object.keys(networkInterfaces());
if (interfaces.some((name) => name !== 'lo') || !process.env.PARLEY_MDNS_PORT) {
  report({ error: `not in an isolated namespace (interfaces: ${interfaces.join(', ')})` });
  process.exit(2);
}
const mdns = mdnsOptionsFromEnv();
const port = mdns.port ?? 0;

const waiters = new Set<() => void>();
const errors: string[] = [];
let current: DiscoveredServer[] = [];
const browser = new ServerBrowser({
  mdns,
  onChange: (servers) => {
    current = servers;
    for (const wake of waiters) wake();
  },
  onError: (error) => errors.push(error.message),
});

function until(what: string, test: (servers: DiscoveredServer[]) => boolean): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!test(current)) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(Math.round(performance.now() - started));
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`${what}: not within ${WAIT_MS} ms; found ${JSON.stringify(current)}`));
    }, WAIT_MS);
    waiters.add(check);
    check();
  });
}

async function sendJunk(): Promise<void> {
  const socket = createSocket('udp4');
  const send = (buffer: Buffer): Promise<void> =>
    new Promise((resolve) => socket.send(buffer, port, '224.0.0.251', () => resolve()));
  await send(Buffer.from('not a DNS packet at all'));
  await send(Buffer.alloc(12, 0xff));
  const response = (answers: Answer[]): Buffer =>
    dnsPacket.encode({ type: 'response', flags: dnsPacket.AUTHORITATIVE_ANSWER, answers });
  const instance = 'Evil._parley._tcp.local';
  await send(response([{ type: 'PTR', name: '_parley._tcp.local', data: instance }]));
  await send(
    response([
      { type: 'PTR', name: '_parley._tcp.local', data: instance },
      { type: 'SRV', name: instance, data: { port: 0, target: '' } },
      { type: 'TXT', name: instance, data: [Buffer.from([0xff, 0xfe, 0x00]), Buffer.alloc(300, 0x41)] },
    ]),
  );
  await send(
    response([
      { type: 'PTR', name: '_parley._tcp.local', data: 'Old._parley._tcp.local' },
      { type: 'SRV', name: 'Old._parley._tcp.local', data: { port: 7000, target: 'old.local' } },
      { type: 'TXT', name: 'Old._parley._tcp.local', data: ['v=9.9', 'name=Old'] },
    ]),
  );
  socket.close();
}

async function main(): Promise<void> {
  const fingerprint = (await selfSignedCertificate(mkdtempSync(join(tmpdir(), 'parley-ns-')))).fingerprint;
  const office = advertiseServer({ name: 'Office \u202Echat', port: 5999, fingerprint, mdns });
  const foundMs = await until('publish then browse', (s) => s.some((x) => x.port === 5999));
  report({ step: 'found', ms: foundMs, server: current.find((x) => x.port === 5999), fingerprint });

  await sendJunk();
  const second = advertiseServer({ name: 'Second', port: 6001, mdns });
  await until('a server after the malformed packets', (s) => s.some((x) => x.port === 6001));
  report({ step: 'survived-junk', listed: current.map((x) => x.name), errors });

  await office.stop();
  await until('removed on goodbye', (s) => !s.some((x) => x.port === 5999));
  report({ step: 'removed' });
  await second.stop();

  await appsFindEachOther();

  const data = mkdtempSync(join(tmpdir(), 'parley-ns-cli-'));
  const cli = join(import.meta.dirname, '..', '..', 'src-main', 'server', 'cli.ts');
  const args = [
    '--import',
    'tsx',
    cli,
    '--host',
    '0.0.0.0',
    '--port',
    '0',
    '--data',
    data,
    '--advertise',
    'Lab',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const headlessMs = await until('the headless server', (s) => s.some((x) => x.name === 'Lab'));
  const lab = current.find((x) => x.name === 'Lab');
  report({
    step: 'headless',
    ms: headlessMs,
    server: lab,
    fingerprint: (await selfSignedCertificate(data)).fingerprint,
  });
  child.kill('SIGTERM');
  await until('the headless server gone', (s) => !s.some((x) => x.name === 'Lab'));
  report({ step: 'headless-removed' });
  await browser.stop();
  report({ done: true });
}

/** Two app copies: one hosts with the local network allowed, the other lists it and logs in to it over TLS. */
async function appsFindEachOther(): Promise<void> {
  const profile = (settings: object): string => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-ns-app-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...defaultSettings, ...settings }));
    return dir;
  };
  const hosting = { ...defaultSettings.hosting, enabled: true, port: 0, allowLan: true };
  const host = await createAppCore({
    profileDir: profile({ hosting }),
    passwordParams: FAST_SCRYPT,
    discovery: mdns,
  });
  const guest = await createAppCore({
    profileDir: profile({ hosting: { ...hosting, enabled: false, allowLan: false } }),
    passwordParams: FAST_SCRYPT,
    discovery: mdns,
  });
  const call = async (core: typeof host, name: string, input: object): Promise<unknown> => {
    const result = await callCommand(core.handlers, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
  const listed = new Promise<FoundServer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the guest app found no server')), WAIT_MS);
    guest.on('found-servers', ({ servers }) => {
      const server = servers.find((x) => x.name.startsWith('Parley on'));
      if (!server) return;
      clearTimeout(timer);
      resolve(server);
    });
  });
  const status = (await call(host, 'setHosting', { enabled: true })) as {
    fingerprint?: string;
    port?: number;
  };
  const found = await listed;
  await call(guest, 'connect', { mode: 'remote', host: found.host, port: found.port, tls: true });
  await call(guest, 'register', { username: 'nina', password: 'correct horse battery' });
  const snapshot = (await call(guest, 'snapshot', {})) as {
    serverTrust?: { identity?: { fingerprint?: string } };
  };
  report({
    step: 'app-found',
    server: found,
    hostPort: status.port,
    hostFingerprint: status.fingerprint,
    connectedFingerprint: snapshot.serverTrust?.identity?.fingerprint,
  });
  await guest.close();
  await host.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    report({ error: String(error) });
    process.exit(1);
  },
);
