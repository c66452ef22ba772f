/** A logged-in server Session that records what it is sent: a stand-in for a socket in unit tests. */
import { ReplyQueue } from '../../src-main/server/reply-queue.js';
import type { LoggedInSession } from '../../src-main/server/session.js';

export interface RecordingSession extends LoggedInSession {
  /** Every frame pushed, in order, as text. */
  readonly writes: string[];
  /** Marks the connection as gone, as a dropped socket would. */
  drop(): void;
}

export function recordingSession(username: string): RecordingSession {
  let dropped = false;
  const writes: string[] = [];
  const replies = new ReplyQueue(
    (frame) => writes.push(frame),
    () => {},
  );
  const session: RecordingSession = {
    id: 0,
    remoteAddress: '127.0.0.1',
    connectedAt: 0,
    get closed() {
      return dropped;
    },
    username,
    p2pPort: undefined,
    lastActivity: 0,
    writes,
    drop: () => (dropped = true),
    push: (frame) => writes.push(String(frame)),
    reserveReply: () => replies.reserve(),
    closeWith: () => (dropped = true),
    end: () => (dropped = true),
  };
  return session;
}
