import { describe, expect, it } from 'vitest';
import { DeliveryInbox, type DirectPush } from './delivery-inbox.js';

function push(seq: number): DirectPush {
  return { id: `m${seq}`, seq, from: 'alice', text: `text ${seq}`, ts: seq };
}

/** Acks go out on the next turn of the event loop; this waits for that turn. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `handle` answers whether the consumer took a message (false: nobody did); `saves` lists the
 *  seqs whose save began, `handled` those shown and taken, in the order that happened. */
function harness(handle: (seq: number) => boolean | Promise<boolean> = () => true) {
  const acks: [connection: number, seq: number][] = [];
  const saves: number[] = [];
  const handled: number[] = [];
  const unhandled: number[] = [];
  const taken = new Map<number, boolean>();
  const state = { connection: 1 };
  const inbox = new DeliveryInbox({
    save: (message) => {
      saves.push(message.seq);
      const result = handle(message.seq);
      const record = (ok: boolean): true => {
        taken.set(message.seq, ok);
        return true;
      };
      return typeof result === 'boolean' ? record(result) : result.then(record);
    },
    show: (message) => {
      const ok = taken.get(message.seq) ?? false;
      if (ok) handled.push(message.seq);
      return ok;
    },
    sendAck: (seq) => {
      acks.push([state.connection, seq]);
      return Promise.resolve();
    },
    currentConnection: () => state.connection,
    onUnhandled: (message) => unhandled.push(message.seq),
  });
  inbox.beginLogin('bob');
  return { inbox, acks, saves, handled, unhandled, state };
}

describe('DeliveryInbox', () => {
  it('acknowledges a batch with one cumulative ack per turn', async () => {
    const { inbox, acks, handled } = harness();
    for (const seq of [1, 2, 3, 4, 5]) inbox.receive(push(seq), 1);
    await nextTurn();
    expect(handled).toEqual([1, 2, 3, 4, 5]);
    expect(acks).toEqual([[1, 5]]);
    inbox.receive(push(6), 1);
    await nextTurn();
    expect(acks).toEqual([
      [1, 5],
      [1, 6],
    ]);
  });

  it('drops a redelivery it already handled, and acknowledges it on the new connection', async () => {
    const { inbox, acks, handled, state } = harness();
    for (const seq of [1, 2, 3]) inbox.receive(push(seq), 1);
    state.connection = 2; // the connection went before the ack did
    await nextTurn();
    expect(acks).toEqual([]);
    for (const seq of [1, 2, 3, 4]) inbox.receive(push(seq), 2);
    await nextTurn();
    expect(handled).toEqual([1, 2, 3, 4]);
    expect(acks).toEqual([[2, 4]]);
  });

  it('holds back acks behind a message nobody handled, until it comes again', async () => {
    let refuse = true;
    const { inbox, acks, handled, unhandled, state } = harness((seq) => !(seq === 2 && refuse));
    for (const seq of [1, 2, 3]) inbox.receive(push(seq), 1);
    await nextTurn();
    expect(unhandled).toEqual([2]);
    expect(handled).toEqual([1, 3]);
    expect(acks).toEqual([[1, 1]]);

    refuse = false;
    state.connection = 2;
    for (const seq of [2, 3]) inbox.receive(push(seq), 2);
    await nextTurn();
    expect(handled).toEqual([1, 3, 2]); // 3 was not shown twice
    expect(acks).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });

  it('waits for a slow consumer, in order, and sends no ack on a connection that is gone', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { inbox, acks, handled, state } = harness((seq) => (seq === 1 ? gate.then(() => true) : true));
    inbox.receive(push(1), 1);
    inbox.receive(push(2), 1);
    await nextTurn();
    expect(handled).toEqual([]);
    state.connection = 2;
    release();
    await gate;
    await nextTurn();
    expect(handled).toEqual([1, 2]);
    expect(acks).toEqual([]);
  });

  it('saves a whole batch at once, shows it in arrival order and acks it once', async () => {
    const gates = new Map<number, () => void>();
    const { inbox, acks, saves, handled } = harness(
      (seq) => new Promise<boolean>((resolve) => gates.set(seq, () => resolve(true))),
    );
    for (const seq of [1, 2, 3]) inbox.receive(push(seq), 1);
    expect(saves).toEqual([1, 2, 3]); // nobody waited for the save before it
    for (const seq of [3, 2]) gates.get(seq)?.();
    await nextTurn();
    expect(handled).toEqual([]); // 2 and 3 are saved, but 1 comes first
    expect(acks).toEqual([]);
    gates.get(1)?.();
    await nextTurn();
    expect(handled).toEqual([1, 2, 3]);
    await nextTurn();
    expect(acks).toEqual([[1, 3]]);
  });

  it('holds a redelivery of a message still being saved, and what follows it, then drops it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { inbox, acks, saves, handled, state } = harness((seq) =>
      seq === 1 ? gate.then(() => true) : true,
    );
    inbox.receive(push(1), 1);
    state.connection = 2; // the connection went while 1 was being saved
    for (const seq of [1, 2]) inbox.receive(push(seq), 2);
    await nextTurn();
    expect(saves).toEqual([1]);
    release();
    await gate;
    await nextTurn();
    expect(saves).toEqual([1, 2]); // 1 was not saved twice
    expect(handled).toEqual([1, 2]);
    await nextTurn();
    expect(acks).toEqual([[2, 2]]);
  });

  it('takes seqs that skip numbers (a restarted server reserves them in blocks)', async () => {
    const { inbox, acks, handled, state } = harness();
    inbox.receive(push(1), 1);
    state.connection = 2; // killed before the ack; the new server numbers from 1001
    await nextTurn();
    for (const seq of [1, 1001, 1002]) inbox.receive(push(seq), 2);
    await nextTurn();
    expect(handled).toEqual([1, 1001, 1002]);
    expect(acks).toEqual([[2, 1002]]);
    state.connection = 3;
    inbox.receive(push(2001), 3);
    await nextTurn();
    expect(acks).toEqual([
      [2, 1002],
      [3, 2001],
    ]);
  });

  it('starts from the first seq a connection brings, and forgets seqs when another user logs in', async () => {
    const { inbox, acks, handled, state } = harness();
    inbox.receive(push(57), 1);
    await nextTurn();
    expect(acks).toEqual([[1, 57]]);
    inbox.beginLogin('carol');
    state.connection = 2;
    inbox.receive(push(57), 2);
    await nextTurn();
    expect(handled).toEqual([57, 57]);
    expect(acks).toEqual([
      [1, 57],
      [2, 57],
    ]);
  });
});
