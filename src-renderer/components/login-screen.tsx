/**
 * Log in or register, with the protocol's rules shown as the user types. Each refusal gets its
 * own sentence: an unknown name offers to register it, a lockout says when to try again.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { USERNAME_PATTERN } from '../../src-shared/protocol/schemas.js';
import { formatCountdown, formatDuration } from '../format.js';
import { useSessionStore, type SessionError } from '../stores/session-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { visibleText } from '../visible-text.js';
import { LogoMark } from './icons.js';
import { useNow } from './use-now.js';

function usernameProblem(name: string): string | undefined {
  if (name === '') return undefined;
  if (name.length > 32) return `A username is at most 32 characters (this one is ${name.length}).`;
  if (!USERNAME_PATTERN.test(name))
    return 'Use only the letters A–Z and a–z (no accents), digits 0–9 and _ . - (no spaces).';
  return undefined;
}

function Lockout({ error }: { error: SessionError }) {
  const now = useNow(error.retryAt === undefined ? undefined : 1000);
  const blockSeconds = useSettingsStore((s) => s.settings?.hosting.blockDurationSeconds);
  if (error.retryAt === undefined || blockSeconds === undefined) {
    return <> Whoever runs the server decides how long the lock lasts; try again in a few minutes.</>;
  }
  const left = error.retryAt - now;
  if (left <= 0) return <> The lock should be over now: try again.</>;
  return (
    <>
      {' '}
      The lock lasts {formatDuration(blockSeconds)}: try again in{' '}
      <span className="mono">{formatCountdown(left)}</span>.
    </>
  );
}

function ErrorSentence({ error }: { error: SessionError }) {
  const name = error.username ?? 'This name';
  if (error.step === 'login' && error.status === 404) {
    return (
      <>
        There is no account called <strong>{name}</strong> on this server yet. Register it with this password?
      </>
    );
  }
  if (error.step === 'login' && error.status === 403) {
    // The server's own sentence ends "try again later", which the countdown says better.
    return (
      <>
        Too many wrong passwords: <strong>{name}</strong> is locked for now.
        <Lockout error={error} />
      </>
    );
  }
  if (error.status === 409 && error.step === 'login') {
    return (
      <>
        <strong>{name}</strong> is already logged in somewhere else: another window, tab or computer. Log out
        there first, then try again.
      </>
    );
  }
  if (error.status === 409 && error.step === 'register') {
    return (
      <>
        The name <strong>{name}</strong> is taken. Pick another, or log in if it's yours.
      </>
    );
  }
  return <>{visibleText(error.message)}</>;
}

export function LoginScreen() {
  const lastUsername = useSettingsStore((s) => s.settings?.lastUsername ?? '');
  const server = useSettingsStore((s) => s.settings?.server);
  const busy = useSessionStore((s) => s.busy);
  const loginError = useSessionStore((s) =>
    s.error?.step === 'login' || s.error?.step === 'register' ? s.error : undefined,
  );
  const signedOutReason = useSessionStore((s) => s.signedOutReason);
  const { login, register, chooseServer, clearError } = useSessionStore.getState();
  const [username, setUsername] = useState(lastUsername);
  const [password, setPassword] = useState('');
  // A problem with one field is said once, under that field; only others go in the form's alert.
  const [problem, setProblem] = useState<{ text: string; field?: 'user' | 'pass' } | undefined>(undefined);
  const ids = { user: useId(), userHint: useId(), pass: useId(), passHint: useId() };
  const offerRegister = loginError?.step === 'login' && loginError.status === 404;

  useEffect(() => {
    if (lastUsername !== '') document.getElementById(ids.pass)?.focus();
    else document.getElementById(ids.user)?.focus();
  }, [lastUsername, ids.pass, ids.user]);

  const userProblem = usernameProblem(username);
  const passwordShort = password.length > 0 && password.length < 8;

  function check(forRegister: boolean): boolean {
    clearError();
    let next: { text: string; field?: 'user' | 'pass' } | undefined;
    if (username === '') next = { text: 'Enter your username.' };
    else if (userProblem) next = { text: userProblem, field: 'user' };
    else if (password === '') next = { text: 'Enter your password.' };
    else if (forRegister && password.length < 8)
      next = { text: 'A password for a new account needs at least 8 characters.', field: 'pass' };
    else if (password.length > 256) next = { text: 'A password is at most 256 characters.', field: 'pass' };
    setProblem(next);
    if (next?.field) document.getElementById(next.field === 'user' ? ids.user : ids.pass)?.focus();
    return next === undefined;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (check(false)) void login(username, password);
  }

  function doRegister() {
    if (check(true)) void register(username, password);
  }

  const where = server?.mode === 'remote' ? `${server.host}:${server.port}` : 'this computer';

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <LogoMark />
        <h1 id="login-title">Log in to Parley</h1>
        <p className="muted">
          Server: <span className="mono">{where}</span> ·{' '}
          <button type="button" className="link" onClick={() => chooseServer(true)}>
            Change server
          </button>
        </p>
        {signedOutReason && (
          <p className="callout warning" role="alert">
            {signedOutReason}
          </p>
        )}

        <div className="field">
          <label htmlFor={ids.user}>Username</label>
          <input
            id={ids.user}
            type="text"
            value={username}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            aria-invalid={userProblem !== undefined}
            aria-describedby={ids.userHint}
            onChange={(e) => {
              setUsername(e.target.value);
              setProblem(undefined);
              if (loginError) clearError();
            }}
          />
          <p id={ids.userHint} className={userProblem ? 'hint bad' : 'hint'}>
            {userProblem ?? 'Letters A–Z and a–z, digits 0–9 and _ . - · up to 32'}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.pass}>Password</label>
          <input
            id={ids.pass}
            type="password"
            value={password}
            autoComplete={offerRegister ? 'new-password' : 'current-password'}
            aria-invalid={problem?.field === 'pass'}
            aria-describedby={ids.passHint}
            onChange={(e) => {
              setPassword(e.target.value);
              setProblem(undefined);
            }}
          />
          <p
            id={ids.passHint}
            className={problem?.field === 'pass' || (passwordShort && offerRegister) ? 'hint bad' : 'hint'}
            role={problem?.field === 'pass' ? 'alert' : undefined}
          >
            {problem?.field === 'pass'
              ? problem.text
              : passwordShort
                ? `${8 - password.length} more characters to register a new account`
                : '8 to 256 characters'}
          </p>
        </div>

        {problem && problem.field === undefined ? (
          <p className="form-error" role="alert">
            {problem.text}
          </p>
        ) : (
          !problem &&
          loginError && (
            <p className="form-error" role="alert">
              <ErrorSentence error={loginError} />
            </p>
          )
        )}

        <div className="actions">
          <button
            type="button"
            className={offerRegister ? 'primary' : 'secondary'}
            disabled={busy}
            onClick={doRegister}
          >
            Register
          </button>
          <button type="submit" className={offerRegister ? 'secondary' : 'primary'} disabled={busy}>
            Log in
          </button>
        </div>
      </form>
    </main>
  );
}
