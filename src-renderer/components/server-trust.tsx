/**
 * TLS in the UI: how the current server was trusted and its fingerprint, the hosted server's own
 * fingerprint, a refused certificate with the one button that accepts it after comparing, and the
 * servers found on the local network (suggestions: choosing one only fills in the address).
 */
import type { FoundServer } from '../../src-shared/api/index.js';
import { useHostStore } from '../stores/host-store.js';
import { useTrustStore } from '../stores/trust-store.js';

const BASIS_WORDS = {
  authority: 'its certificate is signed by an authority this computer trusts',
  pinned: 'its fingerprint matches the one trusted at the first connection',
  'first-use': 'first connection: this fingerprint is now remembered for this server',
  known: 'this is the server Parley runs on this computer',
  plain: '',
} as const;

/** Settings → Server: whether the connection is encrypted, and the fingerprint to compare. */
export function ConnectionSecurity() {
  const identity = useTrustStore((s) => s.trust.identity);
  if (!identity) return null;
  if (!identity.tls) {
    return (
      <p className="hint">Not encrypted: this server is on this computer, so nothing crosses the network.</p>
    );
  }
  return (
    <div className="hint">
      <p>Encrypted with TLS 1.3; {BASIS_WORDS[identity.basis]}.</p>
      <p>
        Server fingerprint: <span className="mono">{identity.fingerprint}</span>
      </p>
    </div>
  );
}

/** Settings → Hosting: the fingerprint others compare when they first connect. */
export function HostFingerprint() {
  const status = useHostStore((s) => s.status);
  if (status.state !== 'running' || !status.fingerprint) return null;
  return (
    <p className="hint">
      Connections from the network use TLS. Fingerprint for others to compare:{' '}
      <span className="mono">{status.fingerprint}</span>
    </p>
  );
}

/** Connect screen: the refused certificate of the server typed in, and the way to accept it. */
export function CertificateChanged(props: { host: string; port: number; onAccepted: () => void }) {
  const problem = useTrustStore((s) => s.trust.problem);
  const error = useTrustStore((s) => s.error);
  const acceptPresented = useTrustStore((s) => s.acceptPresented);
  if (!problem || problem.host !== props.host || problem.port !== props.port) return null;
  return (
    <div className="form-error" role="alert" aria-labelledby="certificate-changed-title">
      <p id="certificate-changed-title" className="strong">
        This server&rsquo;s certificate has changed
      </p>
      <p>{problem.message}</p>
      <p>
        Trusted before: <span className="mono">{problem.expected}</span>
      </p>
      <p>
        Presented now: <span className="mono">{problem.presented}</span>
      </p>
      {error && <p>{error}</p>}
      <button
        type="button"
        className="secondary"
        onClick={() => void acceptPresented().then((ok) => ok && props.onAccepted())}
      >
        I compared the fingerprints: trust the new certificate
      </button>
    </div>
  );
}

/** Connect screen: the fingerprint of the server last reached at this address, if it spoke TLS. */
export function LastFingerprint(props: { host: string; port: number }) {
  const identity = useTrustStore((s) => s.trust.identity);
  if (!identity?.tls || identity.server !== `${props.host}:${props.port}`) return null;
  return (
    <p className="hint">
      Last connection encrypted with TLS; server fingerprint{' '}
      <span className="mono">{identity.fingerprint}</span>
    </p>
  );
}

/** Connect screen: Parley servers advertised on the local network. */
export function FoundServers(props: { onChoose: (server: FoundServer) => void }) {
  const found = useTrustStore((s) => s.found);
  if (found.length === 0) return null;
  return (
    <section className="found-servers" aria-labelledby="found-servers-title">
      <h2 id="found-servers-title" className="strong">
        Found on your network
      </h2>
      <ul>
        {found.map((server) => (
          <li key={server.id}>
            <button
              type="button"
              className="choice"
              aria-label={`Use ${server.name} at ${server.host}:${server.port}, found on your network`}
              onClick={() => props.onChoose(server)}
            >
              <strong>{server.name}</strong> <span className="mono">{`${server.host}:${server.port}`}</span>{' '}
              <span className="muted">found on your network</span>
              {server.fingerprint && (
                <span className="muted small">
                  {' '}
                  · fingerprint <span className="mono">{server.fingerprint}</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
