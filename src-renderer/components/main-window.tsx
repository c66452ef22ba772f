/** The chat: sidebar (conversations, people) beside the open conversation, plus the dialogs. */
import { useEffect } from 'react';
import { roomOf } from '../../src-shared/api/index.js';
import { useConversationsStore, useUnreadTotal } from '../stores/conversations-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { ConnectionBanner, HostBanner, Notices } from './banners.js';
import { ConversationView } from './conversation-view.js';
import { RoomView } from './room-view.js';
import { PrivateRequestDialog } from './private-request-dialog.js';
import { SafetyDialog } from './safety-dialog.js';
import { SettingsDialog } from './settings-dialog.js';
import { SEARCH_INPUT_ID, Sidebar } from './sidebar.js';
import { shortcutLabel } from '../format.js';

function useSearchShortcut(): void {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        useUiStore.getState().openDrawer(true);
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input instanceof HTMLInputElement) {
          input.focus();
          input.select();
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The unread total in the tab or window title (the open conversation is read in use-mark-read.ts). */
function useUnreadTitle(): void {
  const total = useUnreadTotal();
  useEffect(() => {
    document.title = total > 0 ? `(${total}) Parley` : 'Parley';
  }, [total]);
}

export function MainWindow() {
  useSearchShortcut();
  useUnreadTitle();
  const activeKey = useConversationsStore((s) => s.activeKey);
  const drawerOpen = useUiStore((s) => s.drawerOpen);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const classes = ['shell', activeKey ? 'has-active' : '', drawerOpen ? 'drawer-open' : ''].join(' ');

  return (
    <div className="window">
      <ConnectionBanner />
      <HostBanner />
      <div className={classes}>
        <Sidebar />
        {drawerOpen && <div className="scrim" aria-hidden="true" onClick={() => openDrawer(false)} />}
        <main className="pane">
          <Notices />
          {activeKey && roomOf(activeKey) !== undefined ? (
            <RoomView key={activeKey} conversationKey={activeKey} room={roomOf(activeKey) ?? ''} />
          ) : activeKey ? (
            <ConversationView key={activeKey} conversationKey={activeKey} />
          ) : (
            <div className="empty-pane">
              <h1 className="sr-only">Parley</h1>
              <p>
                Pick someone on the left, or press <kbd>{shortcutLabel}</kbd> to search.
              </p>
            </div>
          )}
        </main>
      </div>
      <PrivateRequestDialog />
      <SettingsDialog />
      <SafetyDialog />
    </div>
  );
}
