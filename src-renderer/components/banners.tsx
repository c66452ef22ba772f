/** Connection and hosting states nobody is left guessing at, and server notices. */
import { formatCountdown } from '../format.js';
import { useHostStore } from '../stores/host-store.js';
import { usePrivateStore } from '../stores/private-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { visibleText } from '../visible-text.js';
import { AlertIcon, CloseIcon } from './icons.js';
import { useNow } from './use-now.js';

export function ConnectionBanner() {
  const ownServer = useSettingsStore((s) => s.settings?.server.mode === 'embedded');
  const hostState = useHostStore((s) => s.status.state);
  const setHosting = useHostStore((s) => s.setHosting);
  const state = useSessionStore((s) => s.state);
  const reconnect = useSessionStore((s) => s.reconnect);
  const disconnect = useSessionStore((s) => s.disconnect);
  const reconnectNow = useSessionStore((s) => s.reconnectNow);
  const privateChats = usePrivateStore((s) => s.chats.length);
  const now = useNow(reconnect ? 500 : undefined);
  if (state === 'logged-in' || (!reconnect && !disconnect)) return null;

  if (ownServer && (hostState === 'stopped' || hostState === 'stopping')) {
    return (
      <div className="banner warning" role="alert">
        <AlertIcon />
        <p>
          <strong>Your server is off,</strong> so you are not connected.
          {privateChats > 0 && <> Private chats keep working.</>}
        </p>
        <button type="button" className="secondary small" onClick={() => void setHosting(true)}>
          Start hosting
        </button>
      </div>
    );
  }
  const what = disconnect?.reason === 'shutdown' ? 'The server shut down.' : 'Disconnected from the server.';
  const left = reconnect ? reconnect.at - now : 0;
  const next = !reconnect
    ? 'Not connected.'
    : left > 0
      ? `Reconnecting in ${formatCountdown(left)}`
      : 'Reconnecting…';
  // Only what happened is an alert; the countdown ticks in a status beside it, so a screen
  // reader does not announce the whole alert again every second.
  return (
    <div className="banner danger">
      <AlertIcon />
      <p>
        <strong role="alert">{what}</strong>{' '}
        <span role="status">
          {next}
          {reconnect && reconnect.attempt > 1 && (
            <span className="muted-on-banner"> (attempt {reconnect.attempt})</span>
          )}
        </span>
        {privateChats > 0 && <> Private chats keep working.</>}
      </p>
      <button type="button" className="secondary small" onClick={() => void reconnectNow()}>
        Reconnect now
      </button>
    </div>
  );
}

export function HostBanner() {
  const status = useHostStore((s) => s.status);
  const embedded = useSettingsStore((s) => s.settings?.server.mode === 'embedded');
  const openSettings = useUiStore((s) => s.openSettings);
  if (status.state !== 'failed' || !embedded) return null;
  return (
    <div className="banner warning" role="alert">
      <AlertIcon />
      <p>
        <strong>Your server could not start.</strong> {status.message}
      </p>
      <button type="button" className="secondary small" onClick={() => openSettings(true)}>
        Hosting options
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useUiStore((s) => s.notices);
  const dismiss = useUiStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n.id} className="notice">
          <span dir="auto">{visibleText(n.text)}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notice"
            onClick={() => dismiss(n.id)}
          >
            <CloseIcon />
          </button>
        </li>
      ))}
    </ul>
  );
}
