/** Parses the server's command line: named flags, or the seed's `<port> <block_duration> <timeout>`. */
import { parseArgs } from 'node:util';
import { defaultLimits, defaultServerOptions, type ServerOptions } from './options.js';

export interface CliOptions {
  readonly server: ServerOptions;
  readonly dataDir: string;
  readonly credentialsFile: string | undefined;
  readonly passwordCost: 'owasp' | 'fast';
}

export const USAGE = `usage: npm run server -- [--host 127.0.0.1] [--port 5000] [--block-duration 60] [--timeout 0]
                         [--data DIR] [--credentials FILE] [--max-connections N] [--max-per-address N]
                         [--rate-limit N] [--login-failures-per-minute N] [--registrations-per-minute N]
                         [--password-cost owasp|fast]
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
  --password-cost   scrypt cost for new hashes: owasp (default) or fast (benchmarks only)`;

export class UsageError extends Error {}

export function parseServerArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
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
        'password-cost': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
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
      },
    },
    dataDir: values.data ?? '.parley-data',
    credentialsFile: values.credentials,
    passwordCost: cost,
  };
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return value;
}
