/**
 * One logged-in member's window of room items in flight, over all of its rooms: pushed, not yet
 * acknowledged. Bounded by count and size like the direct window (mailbox.ts); what does not fit
 * stays in the store, where it is anyway (items are the room's history), and is read back in seq
 * order as acks make room, the rooms taking turns. A member is never cut off for being slow.
 */
import type { RoomItem } from '../../store/rooms.js';
import type { WindowLimits } from '../mailbox.js';
import type { Session } from '../session.js';

export interface FeedSource {
  /** The highest seq that may be read from the store for `room`. */
  latest(room: string): number;
  /** Committed items after `afterSeq` up to `throughSeq`, oldest first. */
  page(room: string, afterSeq: number, throughSeq: number, limit: number): RoomItem[];
  /** The push frame of `item` for this feed's user. */
  frame(item: RoomItem, offline: boolean): string | Buffer;
}

interface Track {
  /** Highest seq pushed on this connection. */
  sent: number;
  acked: number;
  /** The last seq this member may be sent (a kicked member's kick item), else Infinity. */
  until: number;
  /** Items up to here were there before the login: pushed with `offline: true`. */
  offlineThrough: number;
  readonly seqs: number[];
  readonly sizes: number[];
}

export type FeedAck = 'ok' | 'too-high';

/** Store reads smaller than this cost more per item than they are worth. */
const MIN_PAGE = 32;

export class RoomFeed {
  private readonly tracks = new Map<string, Track>();
  private count = 0;
  private bytes = 0;
  /** A refill is queued for the end of this turn: the acks of one read (one per room) share it. */
  private refillQueued = false;

  constructor(
    readonly session: Session,
    private readonly limits: WindowLimits,
    private readonly source: FeedSource,
  ) {}

  /** Starts (or restarts, after a rejoin) sending `room` after `sentUpTo`. */
  follow(room: string, sentUpTo: number, until: number, offlineThrough: number): void {
    const track = this.tracks.get(room);
    if (track) {
      track.sent = Math.max(track.sent, sentUpTo);
      track.until = until;
      return;
    }
    this.tracks.set(room, { sent: sentUpTo, acked: sentUpTo, until, offlineThrough, seqs: [], sizes: [] });
  }

  unfollow(room: string): void {
    const track = this.tracks.get(room);
    if (!track) return;
    this.tracks.delete(room);
    this.count -= track.seqs.length;
    for (const size of track.sizes) this.bytes -= size;
    this.refill();
  }

  /** Stops following every room `keep` says no to (memory was read back after a failed commit). */
  retain(keep: (room: string) => boolean): void {
    for (const room of [...this.tracks.keys()]) if (!keep(room)) this.unfollow(room);
  }

  setUntil(room: string, until: number): void {
    const track = this.tracks.get(room);
    if (track) track.until = until;
  }

  /** Highest seq pushed for `room` on this connection (0 when none or not followed). */
  sentUpTo(room: string): number {
    return this.tracks.get(room)?.sent ?? 0;
  }

  /**
   * A committed item, live: pushed now if it is next for this member and the window has room.
   * The frame is a value, not a callback: fan-out to a room's members allocates nothing per member.
   */
  offer(item: RoomItem, frame: string | Buffer): void {
    const track = this.tracks.get(item.room);
    if (!track || item.seq !== track.sent + 1 || item.seq > track.until) return;
    if (!this.fits(frame.length)) return;
    this.push(track, item.seq, frame);
  }

  ack(room: string, seq: number): FeedAck {
    const track = this.tracks.get(room);
    if (!track || seq > track.sent) return 'too-high';
    if (seq <= track.acked) return 'ok';
    track.acked = seq;
    let done = 0;
    while (done < track.seqs.length && (track.seqs[done] as number) <= seq) {
      this.bytes -= track.sizes[done] as number;
      done++;
    }
    track.seqs.splice(0, done);
    track.sizes.splice(0, done);
    this.count -= done;
    this.queueRefill();
    return 'ok';
  }

  /**
   * Pushes stored items while the window has room, the rooms taking turns: each gets a share of
   * the free room and then goes to the back of the line, so one long backlog holds no other back.
   */
  refill(): void {
    if (this.session.closed) return;
    for (let progress = true; progress && this.count < this.limits.messages;) {
      progress = false;
      for (const [room, track] of [...this.tracks]) {
        const free = this.limits.messages - this.count;
        if (free <= 0) return;
        const through = Math.min(this.source.latest(room), track.until);
        if (track.sent >= through) continue;
        const share = Math.min(free, Math.max(MIN_PAGE, Math.ceil(free / this.tracks.size)));
        const page = this.source.page(room, track.sent, through, share);
        this.tracks.delete(room);
        this.tracks.set(room, track);
        for (const item of page) {
          const frame = this.source.frame(item, item.seq <= track.offlineThrough);
          if (!this.fits(frame.length)) return;
          this.push(track, item.seq, frame);
          progress = true;
        }
      }
    }
  }

  private queueRefill(): void {
    if (this.refillQueued) return;
    this.refillQueued = true;
    setImmediate(() => {
      this.refillQueued = false;
      this.refill();
    });
  }

  private fits(size: number): boolean {
    if (this.count === 0) return true;
    return this.count < this.limits.messages && this.bytes + size <= this.limits.bytes;
  }

  private push(track: Track, seq: number, frame: string | Buffer): void {
    this.session.push(frame);
    track.sent = seq;
    track.seqs.push(seq);
    track.sizes.push(frame.length);
    this.count++;
    this.bytes += frame.length;
  }
}
