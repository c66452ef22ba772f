import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app.js';
import { onApiClosed } from './api.js';
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
import './styles/dialogs.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
onApiClosed(() =>
  useUiStore.setState({
    fatal:
      'The connection to the Parley app closed: it may have stopped. Start it again, then reload this page.',
  }),
);
void bootstrap();
