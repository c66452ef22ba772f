/**
 * A broker that sends the requester of a private chat through a relay of its own, so a test can
 * cut the peer connection (both TCP sockets) mid-way and count the bytes it carried. Unlike
 * MaliciousBroker it never tampers: it is a plain forwarder with a pair of scissors.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

export class CuttableRelay {
  /** Bytes the relay carried from requester to recipient, per relayed connection. */
  readonly carried: number[] = [];
  private readonly targets: { host: string; port: number }[] = [];
  private readonly relayedSockets = new Set<Socket>();
  private readonly allSockets = new Set<Socket>();

  private constructor(
    private readonly proxy: Server,
    private readonly relay: Server,
    private readonly server: { host: string; port: number },
  ) {
    proxy.on('connection', (client) => this.onClient(client));
    relay.on('connection', (requester) => this.onRelay(requester));
  }

  static async start(server: { host: string; port: number }): Promise<CuttableRelay> {
    const [proxy, relay] = [createServer(), createServer()];
    for (const listener of [proxy, relay]) {
      listener.listen(0, '127.0.0.1');
      await once(listener, 'listening');
    }
    return new CuttableRelay(proxy, relay, server);
  }

  /** Where the requester connects to reach "the server". */
  get port(): number {
    return portOf(this.proxy);
  }

  /** Destroys every relayed peer connection (the server connections stay). */
  cut(): void {
    for (const socket of this.relayedSockets) socket.destroy();
  }

  close(): void {
    for (const socket of this.allSockets) socket.destroy();
    this.proxy.close();
    this.relay.close();
  }

  private track(socket: Socket, set?: Set<Socket>): Socket {
    for (const s of set ? [this.allSockets, set] : [this.allSockets]) {
      s.add(socket);
      socket.on('close', () => s.delete(socket));
    }
    socket.on('error', () => undefined);
    return socket;
  }

  private onClient(client: Socket): void {
    this.track(client);
    const upstream = this.track(connect(this.server.port, this.server.host));
    client.pipe(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    let pending = '';
    upstream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) client.write(`${this.rewrite(line)}\n`);
    });
  }

  private rewrite(line: string): string {
    const prefix = '[privateaccepted] ';
    if (!line.startsWith(prefix)) return line;
    const body = JSON.parse(line.slice(prefix.length)) as { host: string; port: number };
    this.targets.push({ host: body.host, port: body.port });
    return prefix + JSON.stringify({ ...body, host: '127.0.0.1', port: portOf(this.relay) });
  }

  private onRelay(requester: Socket): void {
    this.track(requester, this.relayedSockets);
    const target = this.targets.shift();
    if (!target) {
      requester.destroy();
      return;
    }
    const recipient = this.track(connect(target.port, target.host), this.relayedSockets);
    const index = this.carried.push(0) - 1;
    requester.on('data', (chunk: Buffer) => {
      this.carried[index] = (this.carried[index] ?? 0) + chunk.length;
    });
    requester.pipe(recipient);
    recipient.pipe(requester);
    requester.on('close', () => recipient.destroy());
    recipient.on('close', () => requester.destroy());
  }
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return address.port;
}
