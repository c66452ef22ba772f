/** Settings: account, server, hosting, notifications, appearance, blocked people. */
import { useHostStore } from '../stores/host-store.js';
import { usePeopleStore } from '../stores/people-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { AccountActions } from './account-actions.js';
import { Avatar } from './avatar.js';
import { HostedAccountsSection } from './hosted-accounts-section.js';
import { HostingSection } from './hosting-section.js';
import { ConnectionSecurity } from './server-trust.js';
import { CloseIcon } from './icons.js';
import { Modal } from './modal.js';
import { Name } from './name.js';
import { EncryptionSection } from './encryption-section.js';
import { FilesSection } from './files-section.js';
import { NotificationsSetting } from './notifications-setting.js';
import { RememberedLine } from './remember-me.js';
import { SettingsSection } from './settings-section.js';

function Account() {
  const username = useSessionStore((s) => s.username ?? '');
  const logout = useSessionStore((s) => s.logout);
  const close = useUiStore((s) => s.openSettings);
  return (
    <SettingsSection title="Account">
      <div className="row">
        <Avatar name={username} />
        <p className="grow">
          Logged in as <strong>{username}</strong>
        </p>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            close(false);
            void logout();
          }}
        >
          Log out
        </button>
      </div>
      <RememberedLine />
      <AccountActions username={username} />
    </SettingsSection>
  );
}

function Server() {
  const server = useSettingsStore((s) => s.settings?.server);
  const address = useSessionStore((s) => s.server);
  const { logout, chooseServer } = useSessionStore.getState();
  const close = useUiStore((s) => s.openSettings);
  const where =
    server?.mode === 'remote'
      ? `${server.host}:${server.port}`
      : `this computer${address ? ` (${address.host}:${address.port})` : ''}`;
  return (
    <SettingsSection title="Server">
      <div className="row">
        <p className="grow">
          Connected to {server?.mode === 'remote' ? <span className="mono">{where}</span> : where}
        </p>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            close(false);
            void logout().then(() => chooseServer(true));
          }}
        >
          Change server…
        </button>
      </div>
      <ConnectionSecurity />
      <p className="hint">Changing the server logs you out here first.</p>
    </SettingsSection>
  );
}

function Preferences() {
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  if (!settings) return null;
  return (
    <>
      <SettingsSection title="Notifications">
        <NotificationsSetting />
      </SettingsSection>
      <SettingsSection title="Appearance">
        <fieldset className="segmented">
          <legend className="sr-only">Theme</legend>
          {(['system', 'light', 'dark'] as const).map((theme) => (
            <label key={theme} className={settings.theme === theme ? 'selected' : ''}>
              <input
                type="radio"
                name="theme"
                checked={settings.theme === theme}
                onChange={() => void update({ theme })}
              />
              {theme === 'system' ? 'System' : theme === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </fieldset>
      </SettingsSection>
    </>
  );
}

function Blocked() {
  const blocked = usePeopleStore((s) => s.blocked);
  const unblock = usePeopleStore((s) => s.unblock);
  return (
    <SettingsSection title="Blocked people">
      {blocked.length === 0 ? (
        <p className="hint">Nobody. Block someone from the ⋯ menu of their conversation.</p>
      ) : (
        <ul className="blocked-list">
          {blocked.map((u) => (
            <li key={u} className="row">
              <Avatar name={u} size="sm" />
              <span className="grow">
                <Name>{u}</Name>
              </span>
              <button
                type="button"
                className="secondary small"
                aria-label={`Unblock ${u}`}
                onClick={() => void unblock(u)}
              >
                Unblock
              </button>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

export function SettingsDialog() {
  const open = useUiStore((s) => s.settingsOpen);
  const setOpen = useUiStore((s) => s.openSettings);
  const settingsError = useSettingsStore((s) => s.error);
  const hostError = useHostStore((s) => s.error);
  if (!open) return null;
  return (
    <Modal labelledBy="settings-title" className="settings-dialog" onCancel={() => setOpen(false)}>
      <header className="dialog-header">
        <h2 id="settings-title">Settings</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => setOpen(false)}>
          <CloseIcon />
        </button>
      </header>
      <div className="dialog-scroll">
        {(settingsError ?? hostError) && (
          <p className="form-error" role="alert">
            {settingsError ?? hostError}
          </p>
        )}
        <Account />
        <Server />
        <HostingSection />
        <HostedAccountsSection />
        <EncryptionSection />
        <FilesSection />
        <Preferences />
        <Blocked />
      </div>
    </Modal>
  );
}
