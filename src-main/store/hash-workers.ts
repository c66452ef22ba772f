/**
 * Runs scrypt on low-priority worker threads. The libuv pool's threads run at the event loop's own
 * priority, so a login storm would take CPU from the loop that relays messages; a worker thread at
 * nice 19 only gets what the loop leaves, and the loop stays responsive however many people log in.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface ScryptJob {
  readonly password: string;
  readonly salt: Buffer;
  readonly keyLength: number;
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly maxmem: number;
}

/** Jobs waiting for a worker past which new ones are refused: a storm can't queue without bound. */
export const MAX_QUEUED_JOBS = 2_000;

export class HashQueueFullError extends Error {
  constructor() {
    super('too many password checks waiting; try again shortly');
  }
}

// Plain CommonJS so it runs the same under tsx, Vitest and a build, with nothing to transpile.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const { setPriority } = require('node:os');
try { setPriority(19); } catch {}
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.password, Buffer.from(job.salt), job.keyLength, {
      N: job.N, r: job.r, p: job.p, maxmem: job.maxmem,
    });
    parentPort.postMessage({ ok: true, key });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message || error) });
  }
});
`;

interface Pending {
  readonly job: ScryptJob;
  readonly resolve: (key: Buffer) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | undefined;
}

export class HashWorkers {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];

  constructor(
    private readonly size = Math.max(1, availableParallelism()),
    private readonly maxQueued = MAX_QUEUED_JOBS,
  ) {}

  derive(job: ScryptJob): Promise<Buffer> {
    if (this.queue.length >= this.maxQueued) return Promise.reject(new HashQueueFullError());
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.current === undefined) ?? this.spawn();
      if (!slot) return;
      const next = this.queue.shift();
      if (!next) return;
      slot.current = next;
      slot.worker.ref();
      slot.worker.postMessage(next.job);
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const slot: Slot = { worker, current: undefined };
    worker.unref();
    worker.on('message', (result: { ok: true; key: Uint8Array } | { ok: false; message: string }) => {
      const done = slot.current;
      slot.current = undefined;
      worker.unref();
      if (done) {
        if (result.ok) done.resolve(Buffer.from(result.key));
        else done.reject(new Error(result.message));
      }
      this.pump();
    });
    worker.on('error', (error) => this.retire(slot, error));
    worker.on('exit', () => this.retire(slot, new Error('password worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.current?.reject(error);
    slot.current = undefined;
    this.pump();
  }
}

/** One pool for the process: hashing capacity is a property of the machine, not of a server. */
export const hashWorkers = new HashWorkers();
