/**
 * Real app cores in temp profiles, each reached through one of the two adapters: in process
 * (the handler table through callCommand, as Electron's IPC does) or over a real WebSocket
 * through the browser mode's server (the `ws` client and createWebSocketApi, as the page does).
 * Everything a test opens is closed and deleted after it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import {
  API_COMMAND_NAMES,
  API_EVENT_NAMES,
  type ApiCommandName,
  type ParleyApi,
  type Settings,
} from '../../src-shared/api/index.js';
import { createWebSocketApi } from '../../src-shared/api/ws-bridge.js';
import { createAppCore, type AppCore } from '../../src-main/app/app-core.js';
import { AppEvents } from '../../src-main/app/app-events.js';
import { callCommand } from '../../src-main/app/call-command.js';
import { defaultSettings } from '../../src-main/app/settings-store.js';
import { startWebServer, type WebServer } from '../../src-main/web/web-server.js';
import { FAST_SCRYPT } from '../../src-main/store/password.js';

export type AdapterKind = 'in-process' | 'websocket';
export const ADAPTERS: readonly AdapterKind[] = ['in-process', 'websocket'];
export const PASSWORD = 'correct horse battery';

export interface TestApp {
  readonly api: ParleyApi;
  /** Every event the api delivers, for nextEvent. */
  readonly events: AppEvents;
  readonly core: AppCore;
  readonly profileDir: string;
  readonly web: WebServer | undefined;
  /** Closes the adapter and the core (the profile stays, for a restart). */
  close(): Promise<void>;
}

/** The value of a command that must succeed; a failure shows its error. */
export async function ok<T>(
  result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>,
): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

function inProcessApi(core: AppCore): ParleyApi {
  const api: Record<string, unknown> = { on: core.on };
  for (const name of API_COMMAND_NAMES) {
    api[name] = (input: unknown) => callCommand(core.handlers, name satisfies ApiCommandName, input);
  }
  return api as unknown as ParleyApi;
}

/** Opens a WebSocket to the browser mode's server as its page would, and waits until it is open. */
export async function openPageSocket(web: WebServer): Promise<WebSocket> {
  const socket = new WebSocket(web.apiUrl, { origin: web.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

export interface AppFixture {
  /** A new profile folder; `settings` is written as its settings.json first. */
  profile(settings?: Partial<Settings>): string;
  /** Opens a core on `profileDir` through `adapter`. */
  open(adapter: AdapterKind, profileDir: string): Promise<TestApp>;
}

/** A profile that chose this computer and hosts on a free port (so tests never fight over 5000). */
export const HOSTING: Partial<Settings> = {
  server: { mode: 'embedded' },
  onboarded: true,
  hosting: { ...defaultSettings.hosting, enabled: true, port: 0 },
};
/** A profile that only connects elsewhere. */
export const NOT_HOSTING: Partial<Settings> = {
  hosting: { ...defaultSettings.hosting, enabled: false, port: 0 },
};

export function useAppFixture(): AppFixture {
  const apps: TestApp[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    profile(settings = NOT_HOSTING) {
      const dir = mkdtempSync(join(tmpdir(), 'parley-profile-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...defaultSettings, ...settings }));
      return dir;
    },
    async open(adapter, profileDir) {
      const core = await createAppCore({ profileDir, passwordParams: FAST_SCRYPT, connectTimeoutMs: 5000 });
      const events = new AppEvents();
      let web: WebServer | undefined;
      let socket: WebSocket | undefined;
      let api: ParleyApi;
      if (adapter === 'in-process') {
        api = inProcessApi(core);
      } else {
        web = await startWebServer({ core, port: 0, rendererDir: join(profileDir, 'no-renderer') });
        socket = await openPageSocket(web);
        api = createWebSocketApi(web.apiUrl, socket);
      }
      for (const name of API_EVENT_NAMES) api.on(name, (payload) => events.send(name, payload as never));
      let closed: Promise<void> | undefined;
      const app: TestApp = {
        api,
        events,
        core,
        profileDir,
        web,
        close: () =>
          (closed ??= (async () => {
            socket?.close();
            await web?.close();
            await core.close();
          })()),
      };
      apps.push(app);
      return app;
    },
  };
}
