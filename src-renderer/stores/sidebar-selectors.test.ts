import { describe, expect, it } from 'vitest';
import { conversationSections, keysByRecency, peopleSections } from './sidebar-selectors.js';

describe('conversationSections', () => {
  const byKey = {
    broadcast: { messages: [{ ts: 5 }] },
    'direct:bob': { messages: [{ ts: 1 }] },
    'direct:carol': { messages: [{ ts: 9 }] },
    'private:bob': { messages: [] },
  };
  it('lists direct and private conversations, the most recent first, with running chats', () => {
    expect(conversationSections(keysByRecency(byKey), ['dave'], '')).toEqual({
      broadcast: true,
      direct: ['direct:carol', 'direct:bob'],
      privateKeys: ['private:bob', 'private:dave'],
    });
  });
  it('filters by the search', () => {
    expect(conversationSections(keysByRecency(byKey), [], 'car')).toEqual({
      broadcast: false,
      direct: ['direct:carol'],
      privateKeys: [],
    });
    expect(conversationSections(keysByRecency(byKey), [], 'every').broadcast).toBe(true);
  });
});

describe('peopleSections', () => {
  const base = {
    me: 'alice',
    online: ['bob', 'carol'],
    recent: ['bob', 'erin'],
    talkedTo: ['dave', 'bob'],
    search: '',
  };
  it('splits people into online, recently online and others, never me', () => {
    expect(peopleSections({ ...base, loggedIn: true, online: ['alice', 'bob', 'carol'] })).toEqual({
      nowOnline: ['bob', 'carol'],
      recently: ['erin'],
      others: ['dave'],
    });
  });
  it('claims nobody online while disconnected, and still lists everyone known', () => {
    expect(peopleSections({ ...base, loggedIn: false })).toEqual({
      nowOnline: [],
      recently: [],
      others: ['bob', 'carol', 'dave', 'erin'],
    });
  });
});
