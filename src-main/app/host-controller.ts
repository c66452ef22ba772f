/**
 * "Host a server": the same ChatServer and ChatStore the headless CLI runs, inside this process.
 * Starts and stops one at a time, and reports every step as a HostStatus.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { HostingSettings, HostStatus, ServerAddress } from '../../src-shared/api/index.js';
import type { ServerAdmin } from '../server/admin.js';
import { ChatServer } from '../server/chat-server.js';
import { ChatStore } from '../store/chat-store.js';
import { OWASP_SCRYPT, type ScryptParams } from '../store/password.js';
import { selfSignedCertificate, type ServerCertificate } from '../tls/server-certificate.js';
import { advertiseServer, type Advertisement } from '../discovery/advertise.js';
import type { MdnsOptions } from '../discovery/mdns-options.js';
import { listenFailure, storeFailure } from './host-failure.js';
import { shareAddresses } from './share-addresses.js';

export interface HostControllerOptions {
  readonly profileDir: string;
  readonly onStatus: (status: HostStatus) => void;
  readonly log?: (line: string) => void;
  /** better-sqlite3 built for Electron's ABI, when running under Electron. */
  readonly nativeBinding?: string;
  /** Scrypt cost of new accounts; tests lower it. */
  readonly passwordParams?: ScryptParams;
  /** How often the online count is refreshed while running. */
  readonly refreshMs?: number;
  /** Announce the server on the local network (DNS-SD) while it serves it; absent: never. */
  readonly discovery?: MdnsOptions;
}

interface Running {
  readonly server: ChatServer;
  readonly store: ChatStore;
  readonly timer: NodeJS.Timeout;
  readonly status: () => HostStatus;
  /** The settings it was started with (configKey). */
  readonly config: string;
  /** Present when it speaks TLS (the local network allowed). */
  readonly certificate: ServerCertificate | undefined;
  readonly advertisement: Advertisement | undefined;
}

export class HostController {
  private current: HostStatus = { state: 'stopped' };
  private running: Running | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: HostControllerOptions) {}

  /** The current status, with the online count as of now while running. */
  get status(): HostStatus {
    // Read fresh, not stored: the refresh timer still sees the change and tells everyone.
    const running = this.running;
    return running && this.current.state === 'running' ? running.status() : this.current;
  }

  /** Where this process reaches its own server, while it runs. */
  get localAddress(): ServerAddress | undefined {
    return this.current.state === 'running' ? { host: '127.0.0.1', port: this.current.port } : undefined;
  }

  /** The fingerprint of the running server's certificate, when it speaks TLS. */
  get fingerprint(): string | undefined {
    return this.current.state === 'running' ? this.running?.certificate?.fingerprint : undefined;
  }

  /** The running server's administration (the host is the admin), or undefined when not running. */
  get admin(): ServerAdmin | undefined {
    return this.current.state === 'running' ? this.running?.server.admin : undefined;
  }

  dataDir(hosting: HostingSettings): string {
    return hosting.dataDir ?? join(this.options.profileDir, 'server-data');
  }

  /**
   * Starts with these settings; resolves with the outcome. Already running with the same ones it
   * does nothing (no one is cut off); with other ones it restarts.
   */
  start(hosting: HostingSettings): Promise<HostStatus> {
    return this.serially(async () => {
      if (this.running?.config === configKey(hosting)) return this.status;
      await this.stopNow();
      await this.startNow(hosting);
      return this.current;
    });
  }

  /** Resolves once no start or stop is under way. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Stops: everyone connected gets `[bye] shutdown`. */
  stop(): Promise<HostStatus> {
    return this.serially(async () => {
      await this.stopNow();
      return this.current;
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private set(status: HostStatus): void {
    this.current = status;
    this.options.onStatus(status);
  }

  private async startNow(hosting: HostingSettings): Promise<void> {
    this.set({ state: 'starting' });
    const dir = this.dataDir(hosting);
    let store: ChatStore;
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      store = ChatStore.open(
        join(dir, 'parley.sqlite'),
        this.options.nativeBinding === undefined ? {} : { nativeBinding: this.options.nativeBinding },
      );
    } catch (error) {
      return this.set(storeFailure(error, dir));
    }
    // Passwords must not cross the network in clear: the LAN gets TLS, this computer alone need not.
    let certificate: ServerCertificate | undefined;
    try {
      certificate = hosting.allowLan ? await selfSignedCertificate(dir) : undefined;
    } catch (error) {
      store.close();
      return this.set(storeFailure(error, dir));
    }
    const log = this.options.log;
    const server = new ChatServer({
      ...(certificate ? { tls: certificate } : {}),
      store,
      passwordParams: this.options.passwordParams ?? OWASP_SCRYPT,
      options: {
        host: hosting.allowLan ? '0.0.0.0' : '127.0.0.1',
        port: hosting.port,
        blockDurationMs: hosting.blockDurationSeconds * 1000,
        inactivityTimeoutMs: hosting.inactivityTimeoutSeconds * 1000,
      },
      ...(log ? { log: (event: string, detail: string) => log(`server ${event} ${detail}`) } : {}),
    });
    let address: { host: string; port: number };
    try {
      address = await server.start();
    } catch (error) {
      store.close();
      return this.set(listenFailure(error, hosting.port));
    }
    const running = (): HostStatus => ({
      state: 'running',
      host: address.host,
      port: address.port,
      shareAddresses: shareAddresses(hosting.allowLan),
      online: server.onlineCount,
      tls: certificate !== undefined,
      ...(certificate ? { fingerprint: certificate.fingerprint } : {}),
    });
    const timer = setInterval(() => {
      const online = server.onlineCount;
      if (this.current.state === 'running' && this.current.online !== online) this.set(running());
    }, this.options.refreshMs ?? 1000);
    timer.unref();
    const discovery = this.options.discovery;
    const advertisement =
      hosting.allowLan && discovery
        ? advertiseServer({
            name: `Parley on ${hostname()}`,
            port: address.port,
            ...(certificate ? { fingerprint: certificate.fingerprint } : {}),
            mdns: discovery,
            onError: (error) => log?.(`advertise: ${error.message}`),
          })
        : undefined;
    this.running = {
      server,
      store,
      timer,
      status: running,
      config: configKey(hosting),
      certificate,
      advertisement,
    };
    this.set(running());
  }

  private async stopNow(): Promise<void> {
    const running = this.running;
    if (!running) {
      if (this.current.state !== 'stopped') this.set({ state: 'stopped' });
      return;
    }
    this.running = undefined;
    clearInterval(running.timer);
    this.set({ state: 'stopping' });
    try {
      // The goodbye first, so that nobody picks a server that is going away.
      await running.advertisement?.stop();
      await running.server.stop();
    } finally {
      running.store.close();
      this.set({ state: 'stopped' });
    }
  }
}

/** What makes two hosting settings start the same server. */
function configKey({
  port,
  allowLan,
  blockDurationSeconds,
  inactivityTimeoutSeconds,
  dataDir,
}: HostingSettings): string {
  return JSON.stringify([port, allowLan, blockDurationSeconds, inactivityTimeoutSeconds, dataDir ?? null]);
}
