/** Parses the server's command line: named flags, or the seed's `<port> <block_duration> <timeout>`. */
import { parseArgs } from 'node:util';
import { withTlsValue } from '../tls/tls-flag.js';
import { describeArgError } from '../../src-shared/arg-errors.js';
import { defaultLimits, defaultServerOptions, type ServerOptions } from './options.js';

export interface CliOptions {
  readonly server: ServerOptions;
  readonly dataDir: string;
  readonly credentialsFile: string | undefined;
  readonly passwordCost: 'owasp' | 'fast';
  /** `auto`: TLS when listening beyond loopback. */
  readonly tls: TlsChoice;
  /** The display name to advertise on the local network (DNS-SD), if any. */
  readonly advertise: string | undefined;
  /** On SIGUSR2, print a `stats {...}` line (event-loop delay, memory) for the benchmark. */
  readonly reportStats: boolean;
  /** Share the chat service with other nodes through this Redis (`redis://HOST:PORT`), if any. */
  readonly redisUrl: string | undefined;
  /** This node's name among them (default: a random one). */
  readonly nodeName: string | undefined;
}

export interface TlsChoice {
  readonly mode: 'on' | 'off' | 'auto';
  readonly certFile?: string;
  readonly keyFile?: string;
}

export const USAGE = `usage: npm run server -- [--host 127.0.0.1] [--port 5000] [--block-duration 60] [--timeout 0]
                         [--data DIR] [--credentials FILE] [--max-connections N] [--max-per-address N]
                         [--rate-limit N] [--login-failures-per-minute N] [--registrations-per-minute N]
                         [--rooms-per-user N] [--members-per-room N] [--invites-per-minute N]
                         [--history-per-minute N] [--password-cost owasp|fast] [--report-stats]
                         [--tls [on|off]] [--tls-cert FILE --tls-key FILE] [--advertise NAME]
                         [--redis redis://HOST:PORT [--node-name NAME]]
       npm run server -- <port> <block_duration> <timeout>
       npm run server -- admin list|remove USER|lock USER SECONDS|unlock USER [--data DIR]
  --host            address to listen on (default 127.0.0.1; 0.0.0.0 serves the LAN)
  --port            TCP port (default 5000; 0 picks a free one)
  --block-duration  seconds a name stays locked after 3 wrong passwords (default 60)
  --timeout         seconds of inactivity before logout; 0 never (default 0)
  --data            folder of the SQLite database (default ./.parley-data)
  --credentials     import "username password" lines (hashed on import; existing names are kept)
  --max-connections / --max-per-address   connection limits (default ${defaultLimits.maxConnections} / ${defaultLimits.maxConnectionsPerAddress})
  --rate-limit      requests per second per connection; 0 is unlimited (default ${defaultLimits.requestsPerSecond})
  --login-failures-per-minute  failed logins per address per minute; 0 is unlimited (default ${defaultLimits.failedLoginsPerMinute})
  --registrations-per-minute   registrations per address per minute; 0 is unlimited (default ${defaultLimits.registrationsPerMinute})
  --rooms-per-user  rooms one user may create (default ${defaultLimits.roomsPerUser})
  --members-per-room           members of one room (default ${defaultLimits.membersPerRoom})
  --invites-per-minute         room invitations per user per minute; 0 is unlimited (default ${defaultLimits.invitesPerMinute})
  --history-per-minute         room history requests per user per minute; 0 is unlimited (default ${defaultLimits.historyPerMinute})
  --password-cost   scrypt cost for new hashes: owasp (default) or fast (benchmarks only)
  --tls             TLS 1.3: on by default beyond loopback, off on loopback; --tls alone is --tls on
  --tls-cert / --tls-key  PEM certificate and key to use (default: a self-signed one, made in --data)
  --advertise       announce this server on the local network (DNS-SD _parley._tcp) under NAME
  --report-stats    on SIGUSR2, print one "stats {json}" line: event-loop delay since the last one, memory (benchmarks)
  --redis           one chat service over several nodes sharing this Redis 7 (docs/scale-out.md); no SQLite for the chat
  --node-name       this node's name among them (letters, digits, - and _; default: random)`;

/** Where a mistake's one line points. */
export const HELP_COMMAND = 'npm run server -- --help';

export class UsageError extends Error {}

export function parseServerArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: withTlsValue(argv),
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'block-duration': { type: 'string' },
        timeout: { type: 'string' },
        data: { type: 'string' },
        credentials: { type: 'string' },
        'max-connections': { type: 'string' },
        'max-per-address': { type: 'string' },
        'rate-limit': { type: 'string' },
        'login-failures-per-minute': { type: 'string' },
        'registrations-per-minute': { type: 'string' },
        'rooms-per-user': { type: 'string' },
        'members-per-room': { type: 'string' },
        'invites-per-minute': { type: 'string' },
        'history-per-minute': { type: 'string' },
        'password-cost': { type: 'string' },
        tls: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        advertise: { type: 'string' },
        'report-stats': { type: 'boolean' },
        redis: { type: 'string' },
        'node-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(describeArgError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals.length !== 0 && positionals.length !== 3) {
    throw new UsageError('positional form takes exactly <port> <block_duration> <timeout>');
  }
  const [posPort, posBlock, posTimeout] = positionals;
  const port = integer('port', values.port ?? posPort, defaultServerOptions.port, 0, 65535);
  const blockSeconds = integer('block-duration', values['block-duration'] ?? posBlock, 60, 1, 86_400);
  const timeoutSeconds = integer('timeout', values.timeout ?? posTimeout, 0, 0, 86_400);
  const cost = values['password-cost'] ?? 'owasp';
  if (cost !== 'owasp' && cost !== 'fast') throw new UsageError('--password-cost is owasp or fast');
  const tls = tlsChoice(values.tls, values['tls-cert'], values['tls-key']);
  const advertise = values.advertise;
  if (advertise !== undefined && (advertise.trim() === '' || advertise.length > 63)) {
    throw new UsageError('--advertise takes a name of 1 to 63 characters');
  }
  const redisUrl = values.redis;
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    throw new UsageError(`--redis takes a URL like redis://127.0.0.1:6379, got "${redisUrl}"`);
  }
  const nodeName = values['node-name'];
  if (nodeName !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(nodeName)) {
    throw new UsageError('--node-name takes 1 to 64 letters, digits, - or _');
  }
  if (nodeName !== undefined && redisUrl === undefined) throw new UsageError('--node-name needs --redis');
  return {
    server: {
      ...defaultServerOptions,
      host: values.host ?? defaultServerOptions.host,
      port,
      blockDurationMs: blockSeconds * 1000,
      inactivityTimeoutMs: timeoutSeconds * 1000,
      limits: {
        ...defaultLimits,
        maxConnections: integer(
          'max-connections',
          values['max-connections'],
          defaultLimits.maxConnections,
          1,
          1e6,
        ),
        maxConnectionsPerAddress: integer(
          'max-per-address',
          values['max-per-address'],
          defaultLimits.maxConnectionsPerAddress,
          1,
          1e6,
        ),
        requestsPerSecond: integer(
          'rate-limit',
          values['rate-limit'],
          defaultLimits.requestsPerSecond,
          0,
          1e9,
        ),
        failedLoginsPerMinute: integer(
          'login-failures-per-minute',
          values['login-failures-per-minute'],
          defaultLimits.failedLoginsPerMinute,
          0,
          1e9,
        ),
        registrationsPerMinute: integer(
          'registrations-per-minute',
          values['registrations-per-minute'],
          defaultLimits.registrationsPerMinute,
          0,
          1e9,
        ),
        roomsPerUser: integer('rooms-per-user', values['rooms-per-user'], defaultLimits.roomsPerUser, 0, 1e6),
        membersPerRoom: integer(
          'members-per-room',
          values['members-per-room'],
          defaultLimits.membersPerRoom,
          1,
          1e7,
        ),
        invitesPerMinute: integer(
          'invites-per-minute',
          values['invites-per-minute'],
          defaultLimits.invitesPerMinute,
          0,
          1e9,
        ),
        historyPerMinute: integer(
          'history-per-minute',
          values['history-per-minute'],
          defaultLimits.historyPerMinute,
          0,
          1e9,
        ),
      },
    },
    dataDir: values.data ?? '.parley-data',
    credentialsFile: values.credentials,
    passwordCost: cost,
    tls,
    advertise,
    reportStats: values['report-stats'] === true,
    redisUrl,
    nodeName,
  };
}

function tlsChoice(
  mode: string | undefined,
  certFile: string | undefined,
  keyFile: string | undefined,
): TlsChoice {
  if (mode !== undefined && mode !== 'on' && mode !== 'off') {
    throw new UsageError(`--tls is on or off, got "${mode}"`);
  }
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  if (mode === 'off' && certFile !== undefined) {
    throw new UsageError('--tls off contradicts --tls-cert/--tls-key');
  }
  const chosen = mode ?? (certFile === undefined ? 'auto' : 'on');
  return certFile === undefined || keyFile === undefined
    ? { mode: chosen }
    : { mode: chosen, certFile, keyFile };
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return value;
}
