/**
 * The app's TLS trust: which connections use TLS (the app's own hosted server whenever it speaks
 * TLS, trusted by the certificate it holds; any host but this computer), the pins in the profile,
 * and what the renderer shows: the fingerprint of the server reached, or the refused certificate
 * with the one action that accepts it (after the user compared fingerprints).
 */
import { join } from 'node:path';
import type { ServerAddress, ServerTrust } from '../../src-shared/api/index.js';
import { FilePinStore } from '../client/file-pin-store.js';
import {
  ServerTrustError,
  type ClientTls,
  type ServerIdentity,
  type TlsPolicy,
} from '../client/server-trust.js';
import { isLoopbackHost } from '../tls/loopback.js';
import { AppError } from './app-error.js';

export interface OwnServer {
  /** Where this process reaches its own server, while it runs. */
  readonly localAddress: ServerAddress | undefined;
  /** Its certificate's fingerprint, when it speaks TLS. */
  readonly fingerprint: string | undefined;
}

export class ServerTrustService {
  readonly pins: FilePinStore;
  private state: ServerTrust = {};
  /** Addresses the user connected to with TLS explicitly on or off. */
  private readonly chosen = new Map<string, boolean>();

  constructor(
    profileDir: string,
    private readonly own: OwnServer,
    private readonly onChange: (trust: ServerTrust) => void,
  ) {
    this.pins = new FilePinStore(join(profileDir, 'known-servers.json'));
  }

  get current(): ServerTrust {
    return this.state;
  }

  /** The client's TLS settings for an address, decided at each connection. */
  readonly policy: TlsPolicy = (address) => this.tlsFor(address);

  /** Remembers an explicit choice for this address (absent: the automatic rule). */
  choose(address: ServerAddress, tls: boolean | undefined): void {
    if (tls === undefined) this.chosen.delete(`${address.host}:${address.port}`);
    else this.chosen.set(`${address.host}:${address.port}`, tls);
  }

  usesTls(address: ServerAddress): boolean {
    return this.tlsFor(address) !== undefined;
  }

  connected(identity: ServerIdentity | undefined): void {
    this.set(identity ? { identity } : {});
  }

  /** Remembers a refused certificate so that the user can compare and accept it. */
  failed(address: ServerAddress, error: unknown): void {
    if (
      error instanceof ServerTrustError &&
      error.failure === 'changed' &&
      error.expected &&
      error.presented
    ) {
      this.set({
        problem: {
          host: address.host,
          port: address.port,
          expected: error.expected,
          presented: error.presented,
          message: error.message,
        },
      });
    }
  }

  /** The user's explicit choice: the refused certificate replaces the pin. */
  accept(input: { host: string; port: number; fingerprint: string }): void {
    const problem = this.state.problem;
    if (
      !problem ||
      problem.host !== input.host ||
      problem.port !== input.port ||
      problem.presented !== input.fingerprint
    ) {
      throw new AppError(
        'invalid-input',
        'Only the certificate the server just presented can be accepted. Connect again to see it.',
      );
    }
    this.pins.set(`${input.host}:${input.port}`, input.fingerprint);
    this.set({});
  }

  private tlsFor(address: ServerAddress): ClientTls | undefined {
    const own = this.own.localAddress;
    const fingerprint = this.own.fingerprint;
    if (own && own.host === address.host && own.port === address.port) {
      return fingerprint === undefined ? undefined : { pins: this.pins, expect: fingerprint };
    }
    const wanted = this.chosen.get(`${address.host}:${address.port}`) ?? !isLoopbackHost(address.host);
    return wanted ? { pins: this.pins } : undefined;
  }

  private set(next: ServerTrust): void {
    this.state = next;
    this.onChange(next);
  }
}
