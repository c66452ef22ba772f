/**
 * The room streams of one session (protocol 1.2): each room's items go through a delivery inbox
 * of their own, so an item is acknowledged (`[ack] {"room","seq"}`) only after the consumer kept
 * it, one cumulative ack per room per turn, and a redelivery (same room, same seq) is dropped but
 * acknowledged. The login catch-up is windowed by the server: the acks are what bring the rest.
 */
import type { RoomItemPush, RoomItemRoute } from '../../src-shared/protocol/index.js';
import { DeliveryInbox } from './delivery-inbox.js';
import { roomItemEvent, type StoredEvent } from './stream-items.js';

export interface RoomStreamItem {
  readonly seq: number;
  readonly route: RoomItemRoute;
  readonly item: RoomItemPush;
}

export interface RoomStreamsOptions {
  readonly me: () => string | undefined;
  /** Keeps the item (e.g. saves it); false: known already. May run for several at once. */
  readonly keep: (event: StoredEvent) => boolean | Promise<boolean>;
  /** Emits the kept item, in seq order; false when nobody took it. */
  readonly show: (event: StoredEvent) => boolean;
  readonly sendAck: (room: string, seq: number) => Promise<void>;
  readonly currentConnection: () => number;
  readonly onUnhandled: (room: string, seq: number, error?: unknown) => void;
}

export class RoomStreams {
  private user: string | undefined;
  private readonly inboxes = new Map<string, DeliveryInbox<RoomStreamItem>>();
  /** Room messages already emitted (`room#seq`): the sender's own comes as a reply and as an item. */
  private readonly shown = new Set<string>();

  constructor(private readonly options: RoomStreamsOptions) {}

  /** What was handled is kept only for the same user. */
  beginLogin(user: string): void {
    if (user === this.user) return;
    this.user = user;
    this.inboxes.clear();
    this.shown.clear();
  }

  receive(route: RoomItemRoute, item: RoomItemPush, connection: number): void {
    this.inbox(item.room).receive({ seq: item.seq, route, item }, connection);
  }

  /** Whether a room message is out already; marks it (for the sender's own, told by the reply). */
  markShown(room: string, seq: number): boolean {
    const id = `${room}#${seq}`;
    if (this.shown.has(id)) return true;
    this.shown.add(id);
    if (this.shown.size > 50_000) this.shown.delete(this.shown.values().next().value as string);
    return false;
  }

  flushNow(): void {
    for (const inbox of this.inboxes.values()) inbox.flushNow();
  }

  private inbox(room: string): DeliveryInbox<RoomStreamItem> {
    let inbox = this.inboxes.get(room);
    if (inbox) return inbox;
    const { options } = this;
    const events = new Map<number, StoredEvent | undefined>();
    inbox = new DeliveryInbox<RoomStreamItem>({
      save: (push) => {
        const event = roomItemEvent(push.route, push.item, options.me());
        if (event === undefined) return false;
        if (event.type === 'message' && this.shown.has(`${room}#${push.seq}`)) return false;
        events.set(push.seq, event);
        return options.keep(event);
      },
      show: (push) => {
        const event = events.get(push.seq);
        events.delete(push.seq);
        if (event === undefined) return true;
        if (event.type === 'message' && this.markShown(room, push.seq)) return true;
        return options.show(event);
      },
      sendAck: (seq) => options.sendAck(room, seq),
      currentConnection: options.currentConnection,
      onUnhandled: (push, error) => {
        events.delete(push.seq);
        options.onUnhandled(room, push.seq, error);
      },
    });
    this.inboxes.set(room, inbox);
    beginInbox(inbox, this.user);
    return inbox;
  }
}

function beginInbox(inbox: DeliveryInbox<RoomStreamItem>, user: string | undefined): void {
  if (user !== undefined) inbox.beginLogin(user);
}
