/**
 * A broker that lies, for tests of end-to-end encryption: a RelayingBroker (the requester dials
 * its relay, with the valid token) whose relay either forwards bytes (capturing them, and
 * optionally replaying, flipping, reordering or truncating the requester's transport messages)
 * or runs a man in the middle with keys of its own, re-encrypting every line and capturing the
 * plaintext.
 */
import type { Socket } from 'node:net';
import { MessageReader, frameMessage } from '../../src-main/client/noise/message-reader.js';
import type { NoiseStream } from '../../src-main/client/noise/noise-stream.js';
import { parleyPrologue, secureSocket } from '../../src-main/client/noise/secure-socket.js';
import { generateKeyPair } from '../../src-main/client/noise/x25519.js';
import { RelayingBroker } from './relaying-broker.js';

export type Tamper = 'none' | 'replay' | 'flip' | 'reorder' | 'truncate';
export type RelayMode = { readonly kind: 'forward'; readonly tamper: Tamper } | { readonly kind: 'mitm' };

export class MaliciousBroker extends RelayingBroker {
  /** Whether `[privateaccepted]` is rewritten to the relay; off, the broker is honest. */
  lying = true;
  mode: RelayMode = { kind: 'forward', tamper: 'none' };
  /** Every byte the relay saw, both directions (forward), or every decrypted line (mitm). */
  readonly capture: Buffer[] = [];

  static async start(server: { host: string; port: number }): Promise<MaliciousBroker> {
    const [proxy, relay] = await RelayingBroker.listeners();
    return new MaliciousBroker(proxy, relay, server);
  }

  captured(): string {
    return Buffer.concat(this.capture).toString('latin1');
  }

  protected override redirects(): boolean {
    return this.lying;
  }

  protected relayPair(requester: Socket, recipient: Socket): void {
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
