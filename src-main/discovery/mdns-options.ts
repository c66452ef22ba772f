/**
 * Where DNS-SD traffic goes: by default the standard mDNS group and port on every interface.
 * Tests pass a port of their own inside a network namespace with only `lo`, so nothing they send
 * leaves the machine (multicast-dns's own options, passed through bonjour-service).
 */
export interface MdnsOptions {
  /** UDP port (default 5353). */
  readonly port?: number;
  /** Multicast group (default 224.0.0.251). */
  readonly ip?: string;
  /** The interface address to join the group on and send from. */
  readonly interface?: string;
  /** The address the socket binds to (default: `interface`); 0.0.0.0 to receive the group's packets. */
  readonly bind?: string;
  readonly ttl?: number;
}

export const SERVICE_TYPE = 'parley';
/** The TXT `v` this build speaks. */
export const PROTOCOL_VERSION = '1.2';

/** The knob tests use to move the headless server's and the app's mDNS off the standard port. */
export function mdnsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MdnsOptions {
  const port = Number(env.PARLEY_MDNS_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return {};
  return { port, interface: '127.0.0.1', bind: '0.0.0.0', ttl: 1 };
}

/**
 * What an app entry point passes to createAppCore: discovery on, unless `PARLEY_DISCOVERY=off`
 * (the test runners set it, so that no test sends mDNS on a real network).
 */
export function discoveryOption(env: NodeJS.ProcessEnv = process.env): { discovery?: MdnsOptions } {
  return env.PARLEY_DISCOVERY === 'off' ? {} : { discovery: mdnsOptionsFromEnv(env) };
}
