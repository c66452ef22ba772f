/**
 * Who may call main over IPC, decided from plain values (modelled on VS Code's `validateEvent` in
 * src/vs/base/parts/ipc/electron-main/ipcMain.ts, but stricter: no frame or an about:blank frame
 * is refused rather than waved through).
 */
import { API_CHANNEL_PREFIX } from '../../src-shared/api/index.js';
import { isAppUrl } from './security-policy.js';

export interface SenderFacts {
  readonly channel: string;
  /** The sending frame's URL; undefined when Electron no longer has the frame. */
  readonly frameUrl: string | undefined;
  /** True when the frame has no parent (not an iframe). */
  readonly isMainFrame: boolean;
  /** True when the sender's webContents is one of the app's own windows. */
  readonly fromAppWindow: boolean;
}

export type SenderVerdict = { readonly allow: true } | { readonly allow: false; readonly reason: string };

export function checkSender(facts: SenderFacts, origins: readonly string[]): SenderVerdict {
  if (!facts.channel.startsWith(API_CHANNEL_PREFIX)) {
    return { allow: false, reason: `unknown channel '${facts.channel}'` };
  }
  if (!facts.fromAppWindow) return { allow: false, reason: 'the sender is not an app window' };
  if (facts.frameUrl === undefined || facts.frameUrl === '') {
    return { allow: false, reason: 'the sending frame is gone' };
  }
  if (!isAppUrl(facts.frameUrl, origins)) {
    return { allow: false, reason: `the sender's page is not the app's (${describeOrigin(facts.frameUrl)})` };
  }
  if (!facts.isMainFrame) return { allow: false, reason: 'the sender is not the main frame' };
  return { allow: true };
}

function describeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'a malformed URL';
  }
}
