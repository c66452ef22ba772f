/**
 * First run, and "Change server": this computer (the embedded server, one click) or another
 * server's host and port. A failure comes back as the app's sentence.
 */
import { useId, useState, type FormEvent } from 'react';
import { useHostStore } from '../stores/host-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useTrustStore } from '../stores/trust-store.js';
import { visibleText } from '../visible-text.js';
import { LogoMark } from './icons.js';
import { CertificateChanged, FoundServers, LastFingerprint } from './server-trust.js';

/** This computer: the server may speak plain TCP there (the same rule as the app core's). */
function looksLocal(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\./.test(h);
}

function portProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Enter the port the server listens on, e.g. 5000.';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return 'A port is a whole number from 1 to 65535.';
  return undefined;
}

export function ConnectScreen() {
  const saved = useSettingsStore((s) => s.settings?.server);
  const onboarded = useSettingsStore((s) => s.settings?.onboarded ?? false);
  const busy = useSessionStore((s) => s.busy);
  const error = useSessionStore((s) => (s.error?.step === 'connect' ? s.error : undefined));
  const connect = useSessionStore((s) => s.connect);
  const chooseServer = useSessionStore((s) => s.chooseServer);

  const [mode, setMode] = useState<'embedded' | 'remote'>(saved?.mode ?? 'embedded');
  const [host, setHost] = useState(saved?.mode === 'remote' ? saved.host : '');
  const [port, setPort] = useState(saved?.mode === 'remote' ? String(saved.port) : '');
  const [tried, setTried] = useState(false);
  // A server found on the network that advertises a fingerprint speaks TLS, whatever its address.
  const found = useTrustStore((s) => s.found);
  const foundTls = found.some((f) => f.host === host.trim() && String(f.port) === port && f.fingerprint);
  const [tlsChoice, setTlsChoice] = useState<boolean | undefined>(undefined);
  const useTls = tlsChoice ?? (foundTls || (host.trim() !== '' && !looksLocal(host)));
  const ids = { host: useId(), port: useId(), problem: useId() };

  const portInUse = useHostStore((s) => s.status.state === 'failed' && s.status.failure === 'port-in-use');
  const updateSettings = useSettingsStore((s) => s.update);
  const remote = mode === 'remote';
  const certificateRefused = useTrustStore(
    (s) => remote && s.trust.problem?.host === host.trim() && s.trust.problem.port === Number(port),
  );

  function hostOnAnyPort() {
    void updateSettings({ hosting: { port: 0 } }).then((ok) => {
      if (ok) void connect({ mode: 'embedded' });
    });
  }
  const problem = !remote
    ? undefined
    : host.trim() === ''
      ? 'Enter the name or address of the computer that runs the server.'
      : portProblem(port);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problem) return;
    void connect(
      remote ? { mode: 'remote', host: host.trim(), port: Number(port), tls: useTls } : { mode: 'embedded' },
    );
  }

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="connect-title">
        <LogoMark />
        <h1 id="connect-title">{onboarded ? 'Change server' : 'Welcome to Parley'}</h1>
        <p className="muted">
          {onboarded
            ? 'Chat on this computer, or join a server someone else runs.'
            : 'Chat with people on this computer or on your network. Nothing is stored anywhere else.'}
        </p>

        <fieldset className="choices">
          <legend>Where do you want to chat?</legend>
          <label className={`choice${remote ? '' : ' selected'}`}>
            <input type="radio" name="mode" checked={!remote} onChange={() => setMode('embedded')} />
            <span>
              <strong>This computer</strong>
              <span className="muted">
                Start chatting here. Parley runs the server itself; others can join later.
              </span>
            </span>
          </label>
          <label className={`choice${remote ? ' selected' : ''}`}>
            <input type="radio" name="mode" checked={remote} onChange={() => setMode('remote')} />
            <span>
              <strong>Another server</strong>
              <span className="muted">Join a server someone else runs: ask them for its address.</span>
            </span>
          </label>
        </fieldset>

        <FoundServers
          onChoose={(found) => {
            setMode('remote');
            setHost(found.host);
            setPort(String(found.port));
          }}
        />

        {remote && (
          <div className="address">
            <div className="field grow">
              <label htmlFor={ids.host}>Host</label>
              <input
                id={ids.host}
                type="text"
                value={host}
                placeholder="192.168.1.20"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={tried && host.trim() === ''}
                onChange={(e) => setHost(e.target.value)}
              />
            </div>
            <div className="field port">
              <label htmlFor={ids.port}>Port</label>
              <input
                id={ids.port}
                type="text"
                inputMode="numeric"
                value={port}
                placeholder="5000"
                autoComplete="off"
                aria-invalid={tried && portProblem(port) !== undefined}
                onChange={(e) => setPort(e.target.value.trim())}
              />
            </div>
          </div>
        )}

        {remote && (
          <label className="check">
            <input type="checkbox" checked={useTls} onChange={(e) => setTlsChoice(e.target.checked)} />
            <span>
              Use TLS <span className="muted">(encrypted; always for other computers)</span>
            </span>
          </label>
        )}

        {tried && problem && (
          <p className="form-error" id={ids.problem} role="alert">
            {problem}
          </p>
        )}
        {remote && <LastFingerprint host={host.trim()} port={Number(port)} />}
        {remote && (
          <CertificateChanged
            host={host.trim()}
            port={Number(port)}
            onAccepted={() =>
              void connect({
                mode: 'remote',
                host: host.trim(),
                port: Number(port),
                tls: useTls,
              })
            }
          />
        )}
        {error && !certificateRefused && (
          <div className="form-error" role="alert">
            <p>{visibleText(error.message)}</p>
            {!remote && portInUse && (
              <button type="button" className="link" onClick={hostOnAnyPort}>
                Host on any free port instead
              </button>
            )}
          </div>
        )}

        <div className="actions">
          {onboarded && (
            <button type="button" className="secondary" onClick={() => chooseServer(false)}>
              Back
            </button>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {remote ? (busy ? 'Connecting…' : 'Connect') : busy ? 'Starting…' : 'Start chatting'}
          </button>
        </div>
      </form>
    </main>
  );
}
