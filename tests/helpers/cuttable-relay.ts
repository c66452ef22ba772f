/**
 * A broker that sends the requester of a private chat through a relay of its own, so a test can
 * cut the peer connection (both TCP sockets) mid-way and count the bytes it carried. Unlike
 * MaliciousBroker it never tampers: it is a plain forwarder with a pair of scissors.
 */
import type { Socket } from 'node:net';
import { RelayingBroker } from './relaying-broker.js';

export class CuttableRelay extends RelayingBroker {
  /** Bytes the relay carried from requester to recipient, per relayed connection. */
  readonly carried: number[] = [];
  private readonly relayedSockets = new Set<Socket>();

  static async start(server: { host: string; port: number }): Promise<CuttableRelay> {
    const [proxy, relay] = await RelayingBroker.listeners();
    return new CuttableRelay(proxy, relay, server);
  }

  /** Destroys every relayed peer connection (the server connections stay). */
  cut(): void {
    for (const socket of this.relayedSockets) socket.destroy();
  }

  protected relayPair(requester: Socket, recipient: Socket): void {
    for (const socket of [requester, recipient]) {
      this.relayedSockets.add(socket);
      socket.on('close', () => this.relayedSockets.delete(socket));
    }
    const index = this.carried.push(0) - 1;
    requester.on('data', (chunk: Buffer) => {
      this.carried[index] = (this.carried[index] ?? 0) + chunk.length;
    });
    requester.pipe(recipient);
    recipient.pipe(requester);
  }
}
