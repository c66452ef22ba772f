/**
 * Watches the local network for Parley servers (`_parley._tcp`) and keeps the list current:
 * added when announced, removed on their goodbye (or when their records expire). What it finds
 * are suggestions: nothing is sent to them until the user chooses one.
 */
import { Bonjour, type Service } from 'bonjour-service';
import { isIPv4 } from 'node:net';
import { SERVICE_TYPE, type MdnsOptions } from './mdns-options.js';
import { cleanName, parseTxt } from './txt-record.js';

export interface DiscoveredServer {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly fingerprint?: string;
}

export interface ServerBrowserOptions {
  readonly mdns?: MdnsOptions;
  readonly onChange: (servers: DiscoveredServer[]) => void;
  readonly onError?: (error: Error) => void;
}

export class ServerBrowser {
  private readonly bonjour: Bonjour;
  private readonly found = new Map<string, DiscoveredServer>();
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: ServerBrowserOptions) {
    this.bonjour = new Bonjour({ ...options.mdns }, (error: Error) => options.onError?.(error));
    const browser = this.bonjour.find({ type: SERVICE_TYPE, protocol: 'tcp' });
    browser.on('up', (service) => this.guard(() => this.up(service)));
    browser.on('txt-update', (service) => this.guard(() => this.up(service)));
    browser.on('srv-update', (service) => this.guard(() => this.up(service)));
    browser.on('down', (service) => this.guard(() => this.down(service)));
  }

  get servers(): DiscoveredServer[] {
    return [...this.found.values()];
  }

  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => this.bonjour.destroy(() => resolve()));
    return this.stopping;
  }

  private up(service: Service): void {
    const server = readService(service);
    if (!server) return;
    const before = this.found.get(server.id);
    if (before && JSON.stringify(before) === JSON.stringify(server)) return;
    this.found.set(server.id, server);
    this.options.onChange(this.servers);
  }

  private down(service: Service): void {
    if (this.found.delete(idOf(service))) this.options.onChange(this.servers);
  }

  /** A strange packet must cost one entry at most, never the app. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function idOf(service: Service): string {
  return String(service.fqdn ?? service.name);
}

function readService(service: Service): DiscoveredServer | undefined {
  const txt = parseTxt(service.txt);
  if (!txt) return undefined;
  const port = Number(service.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  // The address the announcement came from is one the server can be reached at; A records next.
  const candidates = [service.referer?.address, ...(service.addresses ?? [])];
  const host = candidates.find(
    (address): address is string => typeof address === 'string' && isIPv4(address),
  );
  if (!host) return undefined;
  const name =
    txt.name ?? cleanName(typeof service.name === 'string' ? service.name : undefined) ?? 'Parley server';
  return {
    id: idOf(service),
    name,
    host,
    port,
    ...(txt.fingerprint ? { fingerprint: txt.fingerprint } : {}),
  };
}
