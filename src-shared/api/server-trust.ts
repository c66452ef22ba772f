/** TLS trust and servers found on the local network, as the renderer sees them (protocol 1.2). */
import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
const fingerprint = z.string().min(1).max(128);

/** How the server of the current connection was trusted. */
export const serverIdentity = z.object({
  /** `host:port`. */
  server: z.string(),
  tls: z.boolean(),
  /** `SHA256:` and the base64 SHA-256 of the certificate's public key. */
  fingerprint: fingerprint.optional(),
  /** authority: signed by a trusted CA; pinned: same as at first use; first-use: pinned now; known: this app's own server. */
  basis: z.enum(['authority', 'pinned', 'first-use', 'known', 'plain']),
});
export type ServerIdentityInfo = z.infer<typeof serverIdentity>;

/** A connection refused because the server's certificate is not the one pinned for it. */
export const certificateProblem = z.object({
  host: z.string(),
  port,
  expected: fingerprint,
  presented: fingerprint,
  /** The sentence saying what happened and what to do. */
  message: z.string(),
});
export type CertificateProblem = z.infer<typeof certificateProblem>;

export const serverTrust = z.object({
  identity: serverIdentity.optional(),
  problem: certificateProblem.optional(),
});
export type ServerTrust = z.infer<typeof serverTrust>;

/** A Parley server advertised on the local network (DNS-SD `_parley._tcp`): a suggestion only. */
export const foundServer = z.object({
  /** Stable while the advertisement lasts (the DNS-SD instance name). */
  id: z.string(),
  /** The display name it advertises (untrusted text). */
  name: z.string(),
  host: z.string(),
  port,
  /** The fingerprint it advertises (to compare with the one shown at connection). */
  fingerprint: fingerprint.optional(),
});
export type FoundServer = z.infer<typeof foundServer>;
