/** `npm run server`: the headless chat server. Options, log lines and signals; nothing else. */
import { join } from 'node:path';
import { ChatStore } from '../store/chat-store.js';
import { DatabaseInUseError } from '../store/database.js';
import { FAST_SCRYPT, OWASP_SCRYPT } from '../store/password.js';
import { ChatServer } from './chat-server.js';
import { redisBackend } from './cluster/redis-backend.js';
import { usageErrorLine } from '../../src-shared/arg-errors.js';
import { runAdmin } from './admin-cli.js';
import { HELP_COMMAND, parseServerArgs, UsageError, USAGE, type CliOptions } from './cli-options.js';
import { importCredentials } from './credentials.js';
import { advertiseServer, type Advertisement } from '../discovery/advertise.js';
import { mdnsOptionsFromEnv } from '../discovery/mdns-options.js';
import { isLoopbackHost } from '../tls/loopback.js';
import { resolveServerTls } from './server-tls.js';
import { StatsReporter } from './stats-report.js';

function log(event: string, detail: string): void {
  process.stderr.write(`${new Date().toISOString()} ${event} ${detail}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'admin') {
    process.exitCode = await runAdmin(process.argv.slice(3), {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
    return;
  }
  let options: CliOptions;
  try {
    options = parseServerArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // --help prints the usage; a mistake gets one line that names it and points at --help.
    process.stderr.write(`${error.message ? usageErrorLine(error.message, HELP_COMMAND) : USAGE}\n`);
    process.exit(error.message ? 2 : 0);
  }
  const params = options.passwordCost === 'fast' ? FAST_SCRYPT : OWASP_SCRYPT;
  let store: ChatStore;
  try {
    // On Redis the chat state is shared; the node keeps no file of its own.
    store = ChatStore.open(options.redisUrl ? ':memory:' : join(options.dataDir, 'parley.sqlite'));
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    process.stderr.write(`error: ${options.dataDir}: ${error.message}\n`);
    process.exit(1);
  }
  if (options.credentialsFile && options.redisUrl) {
    process.stderr.write('error: --credentials works on the SQLite store only, not with --redis\n');
    process.exit(2);
  }
  if (options.credentialsFile) {
    const result = await importCredentials(options.credentialsFile, store, params, Date.now());
    log('import', `${result.imported} accounts from ${options.credentialsFile}`);
    for (const reason of result.skipped) log('import', `skipped ${reason}`);
  }
  let certificate;
  try {
    certificate = await resolveServerTls(options.tls, options.server.host, options.dataDir);
  } catch (error) {
    store.close();
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const server = new ChatServer({
    store,
    options: options.server,
    passwordParams: params,
    log,
    ...(options.redisUrl
      ? {
          shared: redisBackend({
            url: options.redisUrl,
            ...(options.nodeName ? { nodeName: options.nodeName } : {}),
          }),
        }
      : {}),
    ...(certificate ? { tls: certificate } : {}),
  });
  let address;
  try {
    address = await server.start();
  } catch (error) {
    store.close();
    const where = options.redisUrl
      ? `start on ${options.redisUrl} and ${options.server.host}:${options.server.port}`
      : `listen on ${options.server.host}:${options.server.port}`;
    process.stderr.write(`error: cannot ${where}: ${String(error)}\n`);
    process.exit(1);
  }
  if (certificate) {
    const kind = certificate.selfSigned ? 'self-signed certificate' : 'certificate';
    log('tls', `TLS 1.3 with the ${kind} whose fingerprint is ${certificate.fingerprint}`);
  } else {
    log('tls', 'plain TCP (no TLS)');
  }
  process.stdout.write(`listening on ${address.host}:${address.port}\n`);
  let advertisement: Advertisement | undefined;
  if (options.advertise !== undefined) {
    if (isLoopbackHost(options.server.host)) {
      log('advertise', 'not advertised: the server listens on loopback only (use --host 0.0.0.0)');
    } else {
      advertisement = advertiseServer({
        name: options.advertise,
        port: address.port,
        ...(certificate ? { fingerprint: certificate.fingerprint } : {}),
        mdns: mdnsOptionsFromEnv(),
        onError: (error) => log('advertise', `error: ${error.message}`),
      });
      log('advertise', `announced as "${options.advertise}" (_parley._tcp)`);
    }
  }
  if (options.reportStats) {
    const stats = new StatsReporter(server);
    process.on('SIGUSR2', () => process.stdout.write(`stats ${JSON.stringify(stats.take())}\n`));
  }

  const stop = (signal: string): void => {
    log('signal', `${signal}: shutting down`);
    Promise.resolve(advertisement?.stop())
      .then(() => server.stop())
      .then(() => {
        store.close();
        process.exit(0);
      })
      .catch((error: unknown) => {
        log('error', String(error));
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
