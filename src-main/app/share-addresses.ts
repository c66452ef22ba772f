/** The addresses other computers can reach this one's server at. */
import { networkInterfaces } from 'node:os';

/** Listening on 127.0.0.1 only this computer can connect; with the LAN allowed, its IPv4 addresses. */
export function shareAddresses(allowLan: boolean): string[] {
  if (!allowLan) return ['127.0.0.1'];
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) found.push(entry.address);
    }
  }
  return found.length > 0 ? found : ['127.0.0.1'];
}
