/** The server's TLS fingerprint, a refused certificate waiting for the user's decision, and servers found nearby. */
import { create } from 'zustand';
import type { FoundServer, ServerTrust } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

interface TrustStore {
  trust: ServerTrust;
  found: FoundServer[];
  error: string | undefined;
  applyTrust: (trust: ServerTrust) => void;
  applyFound: (servers: FoundServer[]) => void;
  /** Accepts the certificate the refused connection presented; resolves true when it is pinned. */
  acceptPresented: () => Promise<boolean>;
}

export const useTrustStore = create<TrustStore>()((set, get) => ({
  trust: {},
  found: [],
  error: undefined,
  applyTrust(trust) {
    set({ trust, error: undefined });
  },
  applyFound(servers) {
    set({ found: servers });
  },
  async acceptPresented() {
    const problem = get().trust.problem;
    if (!problem) return false;
    try {
      await call('acceptServerCertificate', {
        host: problem.host,
        port: problem.port,
        fingerprint: problem.presented,
      });
      set({ trust: {}, error: undefined });
      return true;
    } catch (cause) {
      set({ error: errorOf(cause).message });
      return false;
    }
  },
}));
