import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app.js';
import { isBrowserMode, onApiClosed } from './api.js';
import { startBrowserNotifications } from './browser-notifications.js';
import { bootstrap } from './stores/bootstrap.js';
import { useUiStore } from './stores/ui-store.js';
import './styles/tokens.css';
import './styles/base.css';
import './styles/avatar.css';
import './styles/auth.css';
import './styles/shell.css';
import './styles/conversation.css';
import './styles/composer.css';
import './styles/files.css';
import './styles/rooms.css';
import './styles/mentions.css';
import './styles/signals.css';
import './styles/dialogs.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
onApiClosed((reason) =>
  useUiStore.setState({
    fatal:
      reason === 'wrong-token'
        ? {
            message: 'Parley refused this page: its address does not carry this profile’s token.',
            advice:
              'Open the address npm run web printed in its terminal (the line that starts with http://). ' +
              'It stays the same when Parley restarts, unless Parley was started with --new-token.',
            canReload: false,
          }
        : {
            message: 'The connection to the Parley app closed: it has stopped.',
            advice: 'Start it again (npm run web, with the same profile), then reload this page.',
            canReload: true,
          },
  }),
);
void bootstrap();
if (isBrowserMode) startBrowserNotifications();
