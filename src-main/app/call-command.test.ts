import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src-shared/api/index.js';
import { NO_STATUS, ParleyError } from '../client/parley-error.js';
import { AppError } from './app-error.js';
import { callCommand } from './call-command.js';

/** A table where every command throws `error` (only the ones called matter). */
function throwing(error: Error): ApiHandlers {
  return new Proxy({} as ApiHandlers, { get: () => () => Promise.reject(error) });
}

describe('callCommand', () => {
  it('refuses input the schema refuses, before any handler runs', async () => {
    let ran = false;
    const handlers = new Proxy({} as ApiHandlers, {
      get: () => () => {
        ran = true;
        return Promise.resolve({});
      },
    });
    const result = await callCommand(handlers, 'sendMessage', { to: 'bob', text: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await callCommand(handlers, 'noSuchCommand', {})).toMatchObject({
      error: { code: 'invalid-input' },
    });
    expect(await callCommand(handlers, 'toString', {})).toMatchObject({ error: { code: 'invalid-input' } });
    expect(ran).toBe(false);
  });

  it('maps a server refusal to refused with its status and sentence', async () => {
    const result = await callCommand(throwing(new ParleyError(404, 'no such user')), 'block', {
      user: 'bob',
    });
    expect(result).toEqual({ ok: false, error: { code: 'refused', status: 404, message: 'no such user' } });
  });

  it('maps a missing connection to unavailable, and app errors as they are', async () => {
    const lost = await callCommand(throwing(new ParleyError(NO_STATUS, 'not connected')), 'whoelse', {});
    expect(lost).toEqual({ ok: false, error: { code: 'unavailable', message: 'not connected' } });
    const app = await callCommand(
      throwing(new AppError('unavailable', 'Nothing is listening')),
      'whoelse',
      {},
    );
    expect(app).toEqual({ ok: false, error: { code: 'unavailable', message: 'Nothing is listening' } });
  });

  it('hides an internal fault behind a generic sentence and logs it', async () => {
    const lines: string[] = [];
    const result = await callCommand(throwing(new TypeError('x is undefined')), 'whoelse', {}, (l) =>
      lines.push(l),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('x is undefined');
    expect(lines.join('\n')).toContain('x is undefined');
  });
});
