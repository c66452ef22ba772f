/**
 * Direct streams on Redis: each user's items are a stream `{u}:inbox` whose entry id is the seq,
 * with the seq counter and the acknowledged mark in `{u}:meta`. The sender's node runs one script
 * (existence, block, seq, XADD, wakeup to the recipient's node) and answers 200 after it returns:
 * the item is then in Redis's append-only file. The recipient's node pushes from the stream after
 * the last seq it sent, within today's window; the wakeup only says "read", so a lost one costs
 * latency, not the item (every inbox here is read again after a subscriber reconnect and on each
 * heartbeat). Duplicates cannot arise: a box only pushes seqs above the last it sent.
 */
import { encodeResponse, StandardMessage, Status } from '../../../src-shared/protocol/index.js';
import { ServiceUnavailableError, type DirectDelivery } from '../backend.js';
import type { ItemKind } from '../delivery.js';
import { directItemFrame } from '../direct-items.js';
import type { AckResult, WindowLimits } from '../mailbox.js';
import type { ReplySlot } from '../reply-queue.js';
import type { LoggedInSession, Session } from '../session.js';
import type { TurnOp } from '../turn-writer.js';
import { type RedisLink, userKey } from './redis-link.js';
import { ACK, FORGET, SEND } from './scripts.js';

const UNAVAILABLE = encodeResponse(Status.unavailable, new ServiceUnavailableError().message);

export interface StreamOwner {
  readonly node: string;
  /** The token that names this connection in `{u}:sess` (unique across the node's restarts). */
  connOf(session: Session): string;
  log(detail: string): void;
}

export class RedisDelivery implements DirectDelivery {
  private readonly boxes = new Map<string, StreamBox>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly link: RedisLink,
    private readonly owner: StreamOwner,
    readonly window: WindowLimits,
  ) {}

  send(
    sender: { reserveReply(): ReplySlot },
    message: { id: string; from: string; to: string; text: string; ts: number },
    _textJson?: string,
    kind?: ItemKind,
  ): void {
    const { id, from, to, text, ts } = message;
    const slot = sender.reserveReply();
    const keys = ['acct', 'blocks', 'meta', 'inbox', 'sess'].map((part) => userKey(to, part));
    const args = [to, from, id, text, ts, kind?.route ?? 'message', kind?.extra ?? ''];
    this.track(
      this.link.script(SEND, keys, args).then(
        (reply) => {
          if (reply === -1) slot.fill(encodeResponse(Status.notFound, 'no such user'));
          else if (reply === -2)
            slot.fill(encodeResponse(Status.forbidden, StandardMessage.blockedByRecipient));
          else {
            const delivered = (reply as number[])[1] === 1;
            slot.fill(kind?.reply ?? `[200] {"id":"${id}","ts":${ts},"delivered":${delivered}}\n`);
          }
        },
        (error: unknown) => {
          if (!(error instanceof ServiceUnavailableError)) this.owner.log(`send: ${String(error)}`);
          slot.fill(UNAVAILABLE);
        },
      ),
    );
  }

  forget(to: string, from: string, id: string): void {
    this.track(
      this.link.script(FORGET, [userKey(to, 'inbox')], [from, id]).catch((error: unknown) => {
        this.owner.log(`delete: ${String(error)}`);
      }),
    );
  }

  /** Room writes (rooms are not shared yet: their routes are refused before they get here). */
  defer(op: TurnOp): void {
    try {
      op.write();
      op.done(true);
    } catch {
      op.done(false);
    }
  }

  attach(session: LoggedInSession): void {
    const box = new StreamBox(session, this.owner.connOf(session), this.link, this.window, this.owner);
    this.boxes.set(session.username, box);
    box.read();
  }

  detach(session: Session): void {
    const name = session.username;
    if (name === undefined || this.boxes.get(name)?.session !== session) return;
    this.boxes.delete(name);
  }

  ack(session: LoggedInSession, seq: number): AckResult {
    const box = this.boxes.get(session.username);
    if (box?.session !== session) return seq === 0 ? 'ok' : 'too-high';
    const result = box.ack(seq);
    if (box.ackToSend !== undefined) {
      const upTo = box.ackToSend;
      box.ackToSend = undefined;
      const keys = [
        userKey(session.username, 'sess'),
        userKey(session.username, 'inbox'),
        userKey(session.username, 'meta'),
      ];
      // A lost ack (Redis down) only means the items come again at the next login; the client drops them by seq.
      this.track(
        this.link.script(ACK, keys, [this.owner.node, box.conn, upTo]).catch((error: unknown) => {
          this.owner.log(`ack: ${String(error)}`);
        }),
      );
    }
    return result;
  }

  /** The wakeup for `user`: something new is in its stream. */
  wake(user: string): void {
    this.boxes.get(user)?.read();
  }

  /** Reads every local inbox again (after a subscriber reconnect, and on each heartbeat). */
  rereadAll(): void {
    for (const box of this.boxes.values()) box.read();
  }

  async committed(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  flushWrites(): void {}

  stop(): void {
    this.boxes.clear();
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}

class StreamBox {
  private sentUpTo = 0;
  private ackedUpTo = 0;
  private offlineThrough = 0;
  private ready = false;
  private reading = false;
  private again = false;
  private readonly inFlight: { seq: number; size: number }[] = [];
  private inFlightBytes = 0;
  /** The cumulative ack to write to Redis, set by `ack`. */
  ackToSend: number | undefined;

  constructor(
    readonly session: LoggedInSession,
    readonly conn: string,
    private readonly link: RedisLink,
    private readonly limits: WindowLimits,
    private readonly owner: StreamOwner,
  ) {}

  ack(seq: number): AckResult {
    if (seq > this.sentUpTo) return 'too-high';
    if (seq <= this.ackedUpTo) return 'ok';
    this.ackedUpTo = seq;
    let done = 0;
    while (done < this.inFlight.length && (this.inFlight[done] as { seq: number }).seq <= seq) {
      this.inFlightBytes -= (this.inFlight[done] as { size: number }).size;
      done++;
    }
    this.inFlight.splice(0, done);
    this.ackToSend = seq;
    this.read();
    return 'ok';
  }

  /** Pushes what the stream holds after the last seq sent, as far as the window allows. */
  read(): void {
    if (this.session.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    this.again = false;
    this.readPage()
      .catch((error: unknown) => {
        if (!(error instanceof ServiceUnavailableError))
          this.owner.log(`reading ${this.session.username}: ${String(error)}`);
      })
      .finally(() => {
        this.reading = false;
        if (this.again) this.read();
      });
  }

  private async readPage(): Promise<void> {
    const user = this.session.username;
    if (!this.ready) {
      const [seq, acked] = await this.link.run((c) => c.hmGet(userKey(user, 'meta'), ['seq', 'acked']));
      this.offlineThrough = Number(seq ?? 0);
      this.sentUpTo = this.ackedUpTo = Number(acked ?? 0);
      this.ready = true;
    }
    const room = this.limits.messages - this.inFlight.length;
    if (room <= 0 || this.session.closed) return;
    const entries =
      (await this.link.run((c) =>
        c.xRange(userKey(user, 'inbox'), `${this.sentUpTo + 1}-0`, '+', { COUNT: room }),
      )) ?? [];
    for (const entry of entries) {
      const seq = Number.parseInt(entry.id, 10);
      if (seq <= this.sentUpTo) continue;
      const f = entry.message;
      const frame = directItemFrame(
        {
          seq,
          id: f.i ?? '',
          from: f.f ?? '',
          text: f.t ?? '',
          ts: Number(f.s),
          route: f.r ?? 'message',
          extra: f.x ? f.x : null,
        },
        seq <= this.offlineThrough,
      );
      if (this.inFlight.length > 0 && this.inFlightBytes + frame.length > this.limits.bytes) return;
      if (this.session.closed) return;
      this.session.push(frame);
      this.inFlight.push({ seq, size: frame.length });
      this.inFlightBytes += frame.length;
      this.sentUpTo = seq;
    }
    // A full page may have more behind it: read on once acks make room (ack calls read).
    if (entries.length === room && this.inFlight.length < this.limits.messages) this.again = true;
  }
}
