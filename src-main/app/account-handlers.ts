/** Handlers of the contract's account commands (src-shared/api/account-commands.ts). */
import type { ApiHandlers } from '../../src-shared/api/index.js';
import { AdminError, type ServerAdmin } from '../server/admin.js';
import { AppError } from './app-error.js';
import type { ChatClient } from './chat-client.js';
import type { HostController } from './host-controller.js';

type AccountHandlers = Pick<
  ApiHandlers,
  | 'findUsers'
  | 'changePassword'
  | 'deleteAccount'
  | 'listAccounts'
  | 'adminLogOut'
  | 'adminLock'
  | 'adminUnlock'
  | 'adminRemove'
>;

export function createAccountHandlers(client: ChatClient, host: HostController): AccountHandlers {
  /** The hosted server's admin; refused with a sentence when this app is not hosting. */
  const admin = async <T>(work: (admin: ServerAdmin) => Promise<T>): Promise<T> => {
    const running = host.admin;
    if (!running)
      throw new AppError('refused', 'This app is not hosting a server, so it has no accounts to manage.');
    try {
      return await work(running);
    } catch (error) {
      if (error instanceof AdminError) {
        throw new AppError(
          error.code === 'no-such-user' ? 'refused' : 'invalid-input',
          error.message,
          error.code === 'no-such-user' ? 404 : 400,
        );
      }
      throw error;
    }
  };
  return {
    findUsers: async ({ prefix, limit }) => ({ users: await client.findUsers(prefix, limit) }),
    changePassword: async ({ oldPassword, newPassword }) => {
      await client.changePassword(oldPassword, newPassword);
      return {};
    },
    deleteAccount: async ({ password }) => {
      await client.deleteAccount(password);
      return {};
    },
    listAccounts: () => admin(async (a) => ({ accounts: await a.listAccounts() })),
    adminLogOut: ({ user }) => admin(async (a) => ({ loggedOut: await a.logOut(user) })),
    adminLock: ({ user, seconds }) =>
      admin(async (a) => {
        await a.lock(user, seconds);
        return {};
      }),
    adminUnlock: ({ user }) => admin(async (a) => ({ wasLocked: await a.unlock(user) })),
    adminRemove: ({ user }) =>
      admin(async (a) => {
        await a.removeAccount(user);
        return {};
      }),
  };
}
