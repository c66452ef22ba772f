/**
 * The address to give others while this computer hosts, said truthfully: with local-network
 * access off only this computer can connect, so it says that and offers the switch instead of
 * an address nobody else can reach; with it on, every LAN address.
 */
import type { HostStatus } from '../../src-shared/api/index.js';
import { lanAddresses } from '../format.js';
import { useHostStore } from '../stores/host-store.js';

type Running = Extract<HostStatus, { state: 'running' }>;

/** Whether others on the network can reach the running server. */
export function reachableFromLan(status: Running): boolean {
  return status.host !== '127.0.0.1' && status.host !== '::1';
}

export function ShareLine({ status }: { status: Running }) {
  const allowLan = useHostStore((s) => s.allowLan);
  const busy = useHostStore((s) => s.status.state !== 'running');
  if (!reachableFromLan(status)) {
    return (
      <>
        {' '}
        Others can’t join yet: your server accepts connections from this computer only.{' '}
        <button type="button" className="link" disabled={busy} onClick={() => void allowLan()}>
          Allow connections from the local network
        </button>
      </>
    );
  }
  return (
    <>
      {' '}
      Others on your network can join at{' '}
      {lanAddresses(status).map((address, i) => (
        <span key={address}>
          {i > 0 && ' or '}
          <span className="mono">{address}</span>
        </span>
      ))}
      .
    </>
  );
}
