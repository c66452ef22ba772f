/**
 * File commands of the contract over both adapters, with real cores and profiles: a file offered
 * in a private chat arrives in the downloads folder the settings name, with its hash; the partial
 * file waits in the profile; showInFolder answers the path (no shell here); chooseFile says there
 * is no dialog; a changed size limit declines the next offer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function signIn(app: TestApp, username: string): Promise<void> {
  await ok(app.api.register({ username, password: PASSWORD }));
  await ok(app.api.login({ username, password: PASSWORD }));
}

describe.each(ADAPTERS)('file commands over %s', (adapter) => {
  it('sends a file into the downloads folder of the settings, and a new limit declines the next', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-contract-files-'));
    dirs.push(root);
    const downloads = join(root, 'bob-downloads');
    const alice = await fx.open(adapter, fx.profile(HOSTING));
    const address = await ok(alice.api.connect({ mode: 'embedded' }));
    await signIn(alice, 'alice');
    const bob = await fx.open(adapter, fx.profile({ downloadsFolder: downloads }));
    await ok(bob.api.connect({ mode: 'remote', ...address }));
    await signIn(bob, 'bob');

    const request = nextEvent(bob.events, 'private-request');
    const started = nextEvent(alice.events, 'private-started');
    const { requestId } = await ok(alice.api.startPrivate({ user: 'bob' }));
    await request;
    await ok(bob.api.answerPrivate({ requestId, accept: true }));
    await started;

    expect(await ok(alice.api.chooseFile({}))).toEqual({ available: false });
    const content = randomBytes(2 * 1024 * 1024 + 7);
    const path = join(root, 'plan.pdf');
    writeFileSync(path, content);
    const offered = nextEvent(bob.events, 'file-offer');
    const sent = await ok(alice.api.sendFile({ user: 'bob', path }));
    expect(sent).toMatchObject({
      direction: 'out',
      state: 'waiting',
      name: 'plan.pdf',
      size: content.length,
    });
    const { transfer } = await offered;
    const done = nextEvent(
      bob.events,
      'file-update',
      (u) => u.transfer.id === transfer.id && u.transfer.state === 'done',
    );
    const confirmed = nextEvent(
      alice.events,
      'file-update',
      (u) => u.transfer.id === sent.id && u.transfer.state === 'done',
    );
    await ok(bob.api.acceptFile({ id: transfer.id }));
    await confirmed;
    expect((await done).transfer.path).toBe(join(downloads, 'plan.pdf'));
    expect(
      createHash('sha256')
        .update(readFileSync(join(downloads, 'plan.pdf')))
        .digest('hex'),
    ).toBe(sent.sha256);
    expect(await ok(bob.api.showInFolder({ id: transfer.id }))).toEqual({
      shown: false,
      path: join(downloads, 'plan.pdf'),
    });
    const listed = await ok(alice.api.listFiles({}));
    expect(listed.transfers.map((t) => t.state)).toEqual(['done']);

    await ok(bob.api.updateSettings({ maxFileBytes: 1024 }));
    const declined = nextEvent(alice.events, 'file-update', (u) => u.transfer.state === 'rejected');
    await ok(alice.api.sendFile({ user: 'bob', path }));
    expect((await declined).transfer.reason).toBe("larger than the receiver's limit of 1024 bytes");
    const missing = await alice.api.sendFile({ user: 'bob', path: join(root, 'nothing-here') });
    expect(missing.ok).toBe(false);
  });
});
