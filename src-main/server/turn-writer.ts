/**
 * Writes direct messages to the store in one transaction per event-loop turn: every message of the
 * turn that must be stored (its recipient is offline or its window full, or its ack did not come
 * within the hold) and every acknowledgement's delete go into one commit, never one per message.
 * Only after the commit is a sender told 200, so what was answered survives kill -9.
 */
import { encodeResponse, Status } from '../../src-shared/protocol/index.js';
import type { ChatStore } from '../store/chat-store.js';
import { settle, type Envelope } from './envelope.js';

export interface TurnWriterEvents {
  /** Messages for these recipients that were never pushed are now readable from the store. */
  committed(recipients: ReadonlySet<string>): void;
  failed(error: unknown): void;
}

/**
 * Other writes of the turn (rooms, relations): `write` runs inside the turn's transaction, after the
 * direct messages; `done` runs after the commit, told whether it held.
 */
export interface TurnOp {
  write(): void;
  done(committed: boolean): void;
}

export class TurnWriter {
  private inserts: Envelope[] = [];
  private ops: TurnOp[] = [];
  private deletes = new Map<string, number>();
  /** Recipients with a message in this turn's batch that was never pushed to them. */
  private unsent = new Set<string>();
  private scheduled = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly store: ChatStore,
    private readonly events: TurnWriterEvents,
  ) {}

  /** Adds a message to this turn's commit; `unsent`: it has not been pushed to its recipient. */
  insert(envelope: Envelope, unsent: boolean): void {
    envelope.inBatch = true;
    this.inserts.push(envelope);
    if (unsent) this.unsent.add(envelope.recipient);
    this.schedule();
  }

  /** Deletes the recipient's stored messages up to `seq` in this turn's commit. */
  deleteUpTo(recipient: string, seq: number): void {
    if ((this.deletes.get(recipient) ?? 0) < seq) this.deletes.set(recipient, seq);
    this.schedule();
  }

  /** Adds other writes to this turn's commit. */
  defer(op: TurnOp): void {
    this.ops.push(op);
    this.schedule();
  }

  /** Whether a message never pushed to `recipient` waits in this turn's batch. */
  hasUnsent(recipient: string): boolean {
    return this.unsent.has(recipient);
  }

  /** Resolves once everything handed to the writer so far is committed (at once if nothing is pending). */
  committed(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Commits now (before reading the store, and at shutdown). */
  flushNow(): void {
    const waiters = this.waiters;
    this.waiters = [];
    try {
      this.commit();
    } finally {
      for (const resolve of waiters) resolve();
    }
  }

  private get idle(): boolean {
    return this.inserts.length === 0 && this.deletes.size === 0 && this.ops.length === 0;
  }

  private commit(): void {
    if (this.idle) return;
    const inserts = this.inserts;
    const deletes = this.deletes;
    const unsent = this.unsent;
    const ops = this.ops;
    this.ops = [];
    this.inserts = [];
    this.deletes = new Map();
    this.unsent = new Set();
    const { inbox } = this.store;
    try {
      this.store.transaction(() => {
        for (const envelope of inserts) if (!envelope.acked) inbox.put(envelope.recipient, envelope);
        for (const [recipient, seq] of deletes) inbox.acknowledge(recipient, seq);
        for (const op of ops) op.write();
      });
    } catch (error) {
      // Nothing of the batch is stored: its senders are told so, and may send again.
      const refusal = encodeResponse(Status.unavailable, 'the server could not store the message; try again');
      for (const envelope of inserts) {
        envelope.inBatch = false;
        settle(envelope, refusal);
      }
      this.events.failed(error);
      this.events.committed(unsent);
      for (const op of ops) op.done(false);
      return;
    }
    for (const envelope of inserts) {
      envelope.inBatch = false;
      if (envelope.acked) continue;
      envelope.stored = true;
      settle(envelope);
    }
    if (unsent.size > 0) this.events.committed(unsent);
    for (const op of ops) op.done(true);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushNow();
    });
  }
}
