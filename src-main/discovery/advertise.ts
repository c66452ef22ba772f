/** Announces one Parley server on the local network: DNS-SD `_parley._tcp` with TXT v, name and fp. */
import { Bonjour } from 'bonjour-service';
import { PROTOCOL_VERSION, SERVICE_TYPE, type MdnsOptions } from './mdns-options.js';
import { cleanName } from './txt-record.js';

export interface Advertisement {
  /** Sends the goodbye packets (TTL 0) and closes the socket. */
  stop(): Promise<void>;
}

export interface AdvertiseOptions {
  readonly name: string;
  readonly port: number;
  readonly fingerprint?: string;
  readonly mdns?: MdnsOptions;
  readonly onError?: (error: Error) => void;
}

export function advertiseServer(options: AdvertiseOptions): Advertisement {
  const name = cleanName(options.name) ?? 'Parley server';
  const bonjour = new Bonjour({ ...options.mdns }, (error: Error) => options.onError?.(error));
  const txt: Record<string, string> = { v: PROTOCOL_VERSION, name };
  if (options.fingerprint) txt.fp = options.fingerprint;
  const service = bonjour.publish({ name, type: SERVICE_TYPE, protocol: 'tcp', port: options.port, txt });
  service.on('error', (error: Error) => options.onError?.(error));
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      })),
  };
}
