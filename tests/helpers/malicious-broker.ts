/**
 * A broker that lies, for tests of end-to-end encryption: a proxy in front of the real server
 * that rewrites the requester's `[privateaccepted]` so it dials a relay run here, with the valid
 * token. The relay either forwards bytes (capturing them, and optionally replaying, flipping,
 * reordering or truncating the requester's transport messages) or runs a man in the middle with
 * keys of its own, re-encrypting every line and capturing the plaintext.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { MessageReader, frameMessage } from '../../src-main/client/noise/message-reader.js';
import type { NoiseStream } from '../../src-main/client/noise/noise-stream.js';
import { parleyPrologue, secureSocket } from '../../src-main/client/noise/secure-socket.js';
import { generateKeyPair } from '../../src-main/client/noise/x25519.js';

export type Tamper = 'none' | 'replay' | 'flip' | 'reorder' | 'truncate';
export type RelayMode = { readonly kind: 'forward'; readonly tamper: Tamper } | { readonly kind: 'mitm' };

export class MaliciousBroker {
  /** Whether `[privateaccepted]` is rewritten to the relay; off, the broker is honest. */
  lying = true;
  mode: RelayMode = { kind: 'forward', tamper: 'none' };
  /** Every byte the relay saw, both directions (forward), or every decrypted line (mitm). */
  readonly capture: Buffer[] = [];
  /** Connections the relay took from requesters. */
  relayed = 0;
  private readonly targets: { host: string; port: number }[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly proxy: Server,
    private readonly relay: Server,
    private readonly server: { host: string; port: number },
  ) {
    proxy.on('connection', (client) => this.onClient(client));
    relay.on('connection', (requester) => this.onRelay(requester));
  }

  static async start(server: { host: string; port: number }): Promise<MaliciousBroker> {
    const [proxy, relay] = [createServer(), createServer()];
    for (const listener of [proxy, relay]) {
      listener.listen(0, '127.0.0.1');
      await once(listener, 'listening');
    }
    return new MaliciousBroker(proxy, relay, server);
  }

  /** Where the requester should connect to reach "the server". */
  get port(): number {
    return portOf(this.proxy);
  }

  captured(): string {
    return Buffer.concat(this.capture).toString('latin1');
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.proxy.close();
    this.relay.close();
  }

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
    if (!this.lying || !line.startsWith(prefix)) return line;
    const body = JSON.parse(line.slice(prefix.length)) as { host: string; port: number };
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
    if (this.mode.kind === 'forward') this.forward(requester, recipient, this.mode.tamper);
    else void this.middle(requester, recipient).catch(() => requester.destroy());
  }

  /** Bytes through, except the requester's transport messages (from the third Noise message on). */
  private forward(requester: Socket, recipient: Socket, tamper: Tamper): void {
    recipient.on('data', (chunk: Buffer) => {
      this.capture.push(chunk);
      requester.write(chunk);
    });
    const reader = new MessageReader();
    let helloDone = false;
    let index = 0;
    let held: Buffer | undefined;
    requester.on('data', (chunk: Buffer) => {
      this.capture.push(chunk);
      let rest = chunk;
      if (!helloDone) {
        const lf = chunk.indexOf(0x0a);
        if (lf < 0) return void recipient.write(chunk);
        recipient.write(chunk.subarray(0, lf + 1));
        helloDone = true;
        rest = chunk.subarray(lf + 1);
      }
      for (const message of reader.push(rest)) {
        // 0 and 1 are handshake messages 1 and 3; transport message n is index n + 2.
        const transport = index++ - 2;
        const framed = frameMessage(message);
        if (transport !== 1 || tamper === 'none') {
          recipient.write(framed);
          if (held && transport === 2) recipient.write(held);
        } else if (tamper === 'replay') {
          recipient.write(Buffer.concat([framed, framed]));
        } else if (tamper === 'flip') {
          const flipped = Buffer.from(framed);
          flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 0x01;
          recipient.write(flipped);
        } else if (tamper === 'reorder') {
          held = framed;
        } else {
          recipient.end(framed.subarray(0, Math.floor(framed.length / 2)));
        }
      }
    });
  }

  /** Answers the requester as if it were the recipient, and dials the recipient as if it were the requester. */
  private async middle(requester: Socket, recipient: Socket): Promise<void> {
    const helloLine = await firstLine(requester);
    const hello = JSON.parse(helloLine.slice('[hello] '.length)) as { from: string; token: string };
    recipient.write(`${helloLine}\n`);
    const answer = await firstLine(recipient);
    if (!answer.startsWith('[200]')) throw new Error(`the recipient answered ${answer}`);
    requester.write(`${answer}\n`);
    // The recipient's name is not in the hello; the requester's push named it, and a liar knows it.
    const prologue = (to: string): Buffer => parleyPrologue(hello.from, to, hello.token);
    const recipientName = this.recipientName ?? 'bob';
    const [toRequester, toRecipient] = await Promise.all([
      secureSocket({
        socket: requester,
        initiator: false,
        prologue: prologue(recipientName),
        staticKeys: generateKeyPair(),
        checkPeer: () => undefined,
        timeoutMs: 10_000,
      }),
      secureSocket({
        socket: recipient,
        initiator: true,
        prologue: prologue(recipientName),
        staticKeys: generateKeyPair(),
        checkPeer: () => undefined,
        timeoutMs: 10_000,
      }),
    ]);
    this.pipeLines(toRequester, toRecipient);
    this.pipeLines(toRecipient, toRequester);
  }

  /** Set by a test for the mitm relay's prologue. */
  recipientName: string | undefined;

  private pipeLines(from: NoiseStream, to: NoiseStream): void {
    from.on('data', (line: Buffer) => {
      this.capture.push(line);
      to.write(line);
    });
    from.on('close', () => to.destroy());
    from.on('error', () => undefined);
  }
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return address.port;
}

/** Reads one LF-ended line and pauses what follows (nothing does, before the handshake). */
function firstLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const lf = text.indexOf('\n');
      if (lf < 0) return;
      socket.off('data', onData);
      resolve(text.slice(0, lf));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed before a line')));
  });
}
