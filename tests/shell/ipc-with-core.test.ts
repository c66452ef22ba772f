/**
 * The IPC path without Electron, over a real app core in a temp profile: what ipc.ts's
 * validatedHandle runs for each call (the sender check, then callCommand with the contract's schema).
 */
import { describe, expect, it } from 'vitest';
import { callCommand } from '../../src-main/app/call-command.js';
import { dispatchInvoke } from '../../src-main/shell/ipc-dispatch.js';
import { appOrigins } from '../../src-main/shell/security-policy.js';
import type { SenderFacts } from '../../src-main/shell/sender-check.js';
import { useAppFixture } from '../contract/app-fixture.js';

const origins = appOrigins(undefined);
const appFrame = (channel: string): SenderFacts => ({
  channel,
  frameUrl: 'app://parley/index.html',
  isMainFrame: true,
  fromAppWindow: true,
});
const noLog = (): void => {};

describe('IPC dispatch over a real app core', () => {
  const fixture = useAppFixture();

  it("runs a valid call from the app's frame and refuses bad input with the schema's reason", async () => {
    const { core } = await fixture.open('in-process', fixture.profile());
    const changed = await dispatchInvoke(
      appFrame('parley:updateSettings'),
      origins,
      () => callCommand(core.handlers, 'updateSettings', { notifications: false }),
      noLog,
    );
    expect(changed).toMatchObject({ ok: true, value: { notifications: false } });

    const refused = await dispatchInvoke(
      appFrame('parley:updateSettings'),
      origins,
      () => callCommand(core.handlers, 'updateSettings', { notifications: 'yes', extra: 1 }),
      noLog,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses a foreign frame before the command runs: nothing changes', async () => {
    const { core } = await fixture.open('in-process', fixture.profile());
    const before = await core.handlers.snapshot({});
    const refused = await dispatchInvoke(
      { ...appFrame('parley:updateSettings'), frameUrl: 'https://evil.example/', isMainFrame: false },
      origins,
      () => callCommand(core.handlers, 'updateSettings', { notifications: !before.settings.notifications }),
      noLog,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    const after = await core.handlers.snapshot({});
    expect(after.settings.notifications).toBe(before.settings.notifications);
  });
});
