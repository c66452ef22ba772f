/**
 * The user's own account (change password, delete it) and, while this app hosts the server, the
 * accounts on it (Settings → "People on this server").
 */
import { create } from 'zustand';
import type { HostedAccount } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

interface AccountStore {
  /** Registered users found for a search (protocol 1.2 `[users]`), by the prefix asked. */
  found: { prefix: string; users: string[] } | undefined;
  findUsers: (prefix: string) => Promise<void>;
  /** Hosted accounts as last listed, or undefined before the first list. */
  hosted: HostedAccount[] | undefined;
  /** The last administration step that failed, as a sentence. */
  adminError: string | undefined;
  /** Both resolve with an error sentence, or undefined on success. */
  changePassword: (oldPassword: string, newPassword: string) => Promise<string | undefined>;
  deleteAccount: (password: string) => Promise<string | undefined>;
  loadHosted: () => Promise<void>;
  logOutUser: (user: string) => Promise<void>;
  lockUser: (user: string, seconds: number) => Promise<void>;
  unlockUser: (user: string) => Promise<void>;
  removeUser: (user: string) => Promise<void>;
}

export const useAccountStore = create<AccountStore>()((set, get) => {
  /** Runs one administration step, then lists again so the rows show its effect. */
  const administer = async (step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
      set({ adminError: undefined });
    } catch (cause) {
      set({ adminError: errorOf(cause).message });
    }
    await get().loadHosted();
  };
  return {
    found: undefined,
    async findUsers(prefix) {
      try {
        const { users } = await call('findUsers', { prefix });
        set({ found: { prefix, users } });
      } catch {
        // Not connected, or a 1.1 server without [users]: the list shows who is known locally.
        set({ found: { prefix, users: [] } });
      }
    },
    hosted: undefined,
    adminError: undefined,
    async changePassword(oldPassword, newPassword) {
      try {
        await call('changePassword', { oldPassword, newPassword });
        return undefined;
      } catch (cause) {
        const error = errorOf(cause);
        return error.status === 401 ? 'That is not your current password.' : error.message;
      }
    },
    async deleteAccount(password) {
      try {
        await call('deleteAccount', { password });
        return undefined;
      } catch (cause) {
        const error = errorOf(cause);
        return error.status === 401 ? 'That is not your password; the account is kept.' : error.message;
      }
    },
    async loadHosted() {
      try {
        const { accounts } = await call('listAccounts', {});
        set({ hosted: accounts });
      } catch (cause) {
        set({ hosted: undefined, adminError: errorOf(cause).message });
      }
    },
    logOutUser: (user) => administer(() => call('adminLogOut', { user })),
    lockUser: (user, seconds) => administer(() => call('adminLock', { user, seconds })),
    unlockUser: (user) => administer(() => call('adminUnlock', { user })),
    removeUser: (user) => administer(() => call('adminRemove', { user })),
  };
});
