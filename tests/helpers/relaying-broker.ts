/**
 * The part CuttableRelay and MaliciousBroker share: a proxy in front of the real server that
 * rewrites the requester's `[privateaccepted]` so it dials a relay run here (with the valid
 * token), and a relay that connects each requester to the recipient it was meant to reach. What
 * the relay does with the two sockets is the subclass's.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

type Address = { readonly host: string; readonly port: number };

export abstract class RelayingBroker {
  /** Connections the relay took from requesters. */
  relayed = 0;
  private readonly targets: Address[] = [];
  private readonly sockets = new Set<Socket>();

  protected constructor(
    private readonly proxy: Server,
    private readonly relay: Server,
    private readonly server: Address,
  ) {
    proxy.on('connection', (client) => this.onClient(client));
    relay.on('connection', (requester) => this.onRelay(requester));
  }

  /** The proxy's and the relay's listeners, on 127.0.0.1 port 0. */
  protected static async listeners(): Promise<[Server, Server]> {
    const [proxy, relay] = [createServer(), createServer()];
    for (const listener of [proxy, relay]) {
      listener.listen(0, '127.0.0.1');
      await once(listener, 'listening');
    }
    return [proxy, relay];
  }

  /** Where the requester connects to reach "the server". */
  get port(): number {
    return portOf(this.proxy);
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.proxy.close();
    this.relay.close();
  }

  /** Whether this `[privateaccepted]` goes to the relay; otherwise it passes unchanged. */
  protected redirects(): boolean {
    return true;
  }

  /** A requester reached the relay and the relay dialled its recipient; each closes the other. */
  protected abstract relayPair(requester: Socket, recipient: Socket): void;

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
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
    if (!line.startsWith(prefix) || !this.redirects()) return line;
    const body = JSON.parse(line.slice(prefix.length)) as Address;
    this.targets.push({ host: body.host, port: body.port });
    return prefix + JSON.stringify({ ...body, host: '127.0.0.1', port: portOf(this.relay) });
  }

  private onRelay(requester: Socket): void {
    this.track(requester);
    this.relayed++;
    const target = this.targets.shift();
    if (!target) {
      requester.destroy();
      return;
    }
    const recipient = this.track(connect(target.port, target.host));
    requester.on('close', () => recipient.destroy());
    recipient.on('close', () => requester.destroy());
    this.relayPair(requester, recipient);
  }
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return address.port;
}
