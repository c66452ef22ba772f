import { describe, expect, it } from 'vitest';
import { parseCommand } from './commands.js';

describe('parseCommand', () => {
  it.each([
    ['message bob hello there', { kind: 'message', to: 'bob', text: 'hello there' }],
    ['message bob   spaced   out  ', { kind: 'message', to: 'bob', text: 'spaced   out' }],
    ['broadcast hi all', { kind: 'broadcast', text: 'hi all' }],
    ['whoelse', { kind: 'whoelse' }],
    ['  whoelse  ', { kind: 'whoelse' }],
    ['whoelsesince 60', { kind: 'whoelsesince', seconds: 60 }],
    ['block bob', { kind: 'block', user: 'bob' }],
    ['unblock b.o-b_1', { kind: 'unblock', user: 'b.o-b_1' }],
    ['blocklist', { kind: 'blocklist' }],
    ['logout', { kind: 'logout' }],
    ['startprivate bob', { kind: 'startprivate', user: 'bob' }],
    ['private bob psst', { kind: 'private', to: 'bob', text: 'psst' }],
    ['stopprivate bob', { kind: 'stopprivate', user: 'bob' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['y', { kind: 'answer', accept: true }],
    ['Yes', { kind: 'answer', accept: true }],
    ['n', { kind: 'answer', accept: false }],
    ['no', { kind: 'answer', accept: false }],
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
  ])('%j', (line, command) => {
    expect(parseCommand(line)).toEqual({ ok: true, command });
  });

  it.each([
    ['message', 'Usage: message <user> <text>'],
    ['message bob', 'Usage: message <user> <text>'],
    ['message b@d hi', 'Usage: message <user> <text>'],
    ['broadcast', 'Usage: broadcast <text>'],
    ['whoelse now', 'Usage: whoelse'],
    ['whoelsesince', 'Usage: whoelsesince <seconds>'],
    ['whoelsesince 0', 'Usage: whoelsesince <seconds>'],
    ['whoelsesince -5', 'Usage: whoelsesince <seconds>'],
    ['whoelsesince 1.5', 'Usage: whoelsesince <seconds>'],
    ['whoelsesince 99999999999999999999', 'Usage: whoelsesince <seconds>'],
    ['block', 'Usage: block <user>'],
    ['block bob carol', 'Usage: block <user>'],
    ['unblock', 'Usage: unblock <user>'],
    ['logout now', 'Usage: logout'],
    ['startprivate', 'Usage: startprivate <user>'],
    ['private bob', 'Usage: private <user> <text>'],
    ['stopprivate', 'Usage: stopprivate <user>'],
    ['y please', 'Unknown command: y. Type help for the list of commands'],
    ['dance', 'Unknown command: dance. Type help for the list of commands'],
  ])('%j is refused', (line, error) => {
    expect(parseCommand(line)).toEqual({ ok: false, error });
  });
});
