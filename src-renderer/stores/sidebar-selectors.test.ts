import { describe, expect, it } from 'vitest';
import { conversationSections, peopleSections } from './sidebar-selectors.js';

describe('conversationSections', () => {
  // Most recent first, as the conversations store hands them out.
  const keys = ['direct:carol', '#broadcast', 'direct:bob', 'private:bob'];
  it('lists direct and private conversations, the most recent first, with running chats', () => {
    expect(conversationSections(keys, ['dave'], '')).toEqual({
      broadcast: true,
      direct: ['direct:carol', 'direct:bob'],
      privateKeys: ['private:bob', 'private:dave'],
    });
  });
  it('filters by the search', () => {
    expect(conversationSections(keys, [], 'car')).toEqual({
      broadcast: false,
      direct: ['direct:carol'],
      privateKeys: [],
    });
    expect(conversationSections(keys, [], 'every').broadcast).toBe(true);
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
