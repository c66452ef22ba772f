/** Chooses the screen: a quiet wait, connect, log in, or the chat itself. */
import { useEffect } from 'react';
import { useSessionStore } from '../stores/session-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { ConnectScreen } from './connect-screen.js';
import { LoginScreen } from './login-screen.js';
import { MainWindow } from './main-window.js';

function useTheme(): void {
  const theme = useSettingsStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  useTheme();
  const ready = useUiStore((s) => s.ready);
  const fatal = useUiStore((s) => s.fatal);
  const onboarded = useSettingsStore((s) => s.settings?.onboarded ?? false);
  const inChat = useSessionStore((s) => s.inChat);
  const choosingServer = useSessionStore((s) => s.choosingServer);

  if (fatal !== undefined) {
    return (
      <main className="auth">
        <div className="auth-card" role="alert">
          <h1>Parley can't reach the app</h1>
          <p>{fatal.message}</p>
          <p>{fatal.advice}</p>
          {fatal.canReload && (
            <div className="actions">
              <button type="button" className="primary" onClick={() => window.location.reload()}>
                Reload
              </button>
            </div>
          )}
        </div>
      </main>
    );
  }
  if (!ready) {
    return (
      <main className="auth" aria-busy="true">
        <p className="muted">Starting Parley…</p>
      </main>
    );
  }
  if (inChat) return <MainWindow />;
  if (!onboarded || choosingServer) return <ConnectScreen />;
  return <LoginScreen />;
}
