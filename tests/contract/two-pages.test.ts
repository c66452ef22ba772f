/**
 * Two pages (browser tabs) of one copy stay in agreement (issue 17, defect 17): whatever one page
 * changes reaches the other as an event, private-chat requests answered or withdrawn included.
 */
import { describe, expect, it } from 'vitest';
import { API_EVENT_NAMES, type ParleyApi } from '../../src-shared/api/index.js';
import { createWebSocketApi } from '../../src-shared/api/ws-bridge.js';
import { AppEvents } from '../../src-main/app/app-events.js';
import { nextEvent } from '../helpers/next-event.js';
import { HOSTING, ok, openPageSocket, PASSWORD, useAppFixture } from './app-fixture.js';

const fx = useAppFixture();

describe('two pages of one copy', () => {
  it('both see a private-chat request go once either page answers it', async () => {
    const alice = await fx.open('websocket', fx.profile(HOSTING));
    const socket = await openPageSocket(alice.web!);
    const second: ParleyApi = createWebSocketApi(alice.web!.apiUrl, socket);
    const secondEvents = new AppEvents();
    for (const name of API_EVENT_NAMES) second.on(name, (p) => secondEvents.send(name, p as never));

    const { port } = await ok(alice.api.connect({ mode: 'embedded' }));
    await ok(alice.api.register({ username: 'alice', password: PASSWORD }));
    await ok(alice.api.login({ username: 'alice', password: PASSWORD }));
    const bob = await fx.open('in-process', fx.profile());
    await ok(bob.api.connect({ mode: 'remote', host: '127.0.0.1', port }));
    await ok(bob.api.register({ username: 'bob', password: PASSWORD }));
    await ok(bob.api.login({ username: 'bob', password: PASSWORD }));

    const asked = nextEvent(secondEvents, 'private-request');
    const shownOnSecond = nextEvent(secondEvents, 'private-requests', (p) => p.incoming.length === 1);
    const { requestId } = await ok(bob.api.startPrivate({ user: 'alice' }));
    await asked;
    expect((await shownOnSecond).incoming).toEqual([expect.objectContaining({ requestId, from: 'bob' })]);

    const goneOnSecond = nextEvent(secondEvents, 'private-requests', (p) => p.incoming.length === 0);
    const rejected = nextEvent(bob.events, 'private-rejected');
    await ok(alice.api.answerPrivate({ requestId, accept: false }));
    await goneOnSecond;
    await rejected;
    // The other page can't answer it again: it is gone for both.
    expect(await second.answerPrivate({ requestId, accept: true })).toMatchObject({ ok: false });
    socket.close();
  });

  it('both see the settings one page changed', async () => {
    const app = await fx.open('websocket', fx.profile());
    const socket = await openPageSocket(app.web!);
    const second = createWebSocketApi(app.web!.apiUrl, socket);
    const events = new AppEvents();
    second.on('settings', (p) => events.send('settings', p));
    const seen = nextEvent(events, 'settings', (s) => s.theme === 'dark');
    await ok(app.api.updateSettings({ theme: 'dark' }));
    await seen;
    socket.close();
  });
});
