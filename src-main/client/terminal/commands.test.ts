import { describe, expect, it } from 'vitest';
import { MAX_SINCE_SECONDS, parseCommand } from './commands.js';

const SINCE = `whoelsesince takes a whole number of seconds from 1 to ${MAX_SINCE_SECONDS} (ten years)`;
const BAD_NAME =
  'is not a valid username: 1 to 32 of A-Z, a-z, 0-9, _ . and -, with at least one letter or digit';

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
    [`whoelsesince ${MAX_SINCE_SECONDS}`, { kind: 'whoelsesince', seconds: MAX_SINCE_SECONDS }],
    ['reconnect', { kind: 'reconnect' }],
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
    ['message b@d hi', `"b@d" ${BAD_NAME}`],
    ['message bad!name hi', `"bad!name" ${BAD_NAME}`],
    ['message \u001b[2Jx hi', `"\\x1b[2Jx" ${BAD_NAME}`],
    [`message bob ${'x'.repeat(4001)}`, 'A message is at most 4000 characters'],
    ['broadcast', 'Usage: broadcast <text>'],
    ['whoelse now', 'Usage: whoelse'],
    ['whoelsesince', 'Usage: whoelsesince <seconds>'],
    ['whoelsesince 0', SINCE],
    ['whoelsesince -5', SINCE],
    ['whoelsesince 1.5', SINCE],
    [`whoelsesince ${MAX_SINCE_SECONDS + 1}`, SINCE],
    ['whoelsesince 99999999999999999999', SINCE],
    ['block', 'Usage: block <user>'],
    ['block bob carol', 'Usage: block <user>'],
    ['unblock', 'Usage: unblock <user>'],
    ['logout now', 'Usage: logout'],
    ['startprivate', 'Usage: startprivate <user>'],
    ['private bob', 'Usage: private <user> <text>'],
    ['stopprivate', 'Usage: stopprivate <user>'],
    ['block bad!name', `"bad!name" ${BAD_NAME}`],
    // Defect 26 of issue 17 and protocol 1.2: letters are A-Z only, and a name has one or a digit.
    ['block zoë', `"zoë" ${BAD_NAME}`],
    ['message ... hi', `"..." ${BAD_NAME}`],
    ['y please', 'Unknown command: y. Type help for the list of commands'],
    ['dance', 'Unknown command: dance. Type help for the list of commands'],
    ['\u001b]2;x', 'Unknown command: \\x1b]2;x. Type help for the list of commands'],
  ])('%j is refused', (line, error) => {
    expect(parseCommand(line)).toEqual({ ok: false, error });
  });
});
