/** The workloads the parent asks the generator process for, and what it answers (all JSON). */
import type { ProtocolName, ReceiverStats } from '../adapters/adapter.js';
import type { LatencySummary } from './latency.js';
import type { Integrity } from './tracker.js';

export interface TargetRef {
  readonly protocol: ProtocolName;
  readonly host: string;
  readonly port: number;
  /** The server process, for its CPU and RSS from /proc. */
  readonly pid: number;
  /** Connect with TLS (any certificate: the benchmark measures the cost, not the trust). */
  readonly tls?: boolean;
}

interface Common {
  readonly target: TargetRef;
  /** Prefix of every user name, unique per workload so several can share one server. */
  readonly userPrefix: string;
  readonly password: string;
  /** Logins in flight at once while connecting users. */
  readonly loginConcurrency: number;
  /**
   * SIGUSR2 the server at the start and the end of the measured phase: a Parley server run with
   * --report-stats then prints what it saw of that phase (event-loop delay, memory).
   */
  readonly signalStats?: boolean;
  /**
   * S12: the other nodes of a cluster (the target is the first). Receiver i connects to node i+1,
   * sender i to node i (modulo), so every message crosses nodes; their CPU and `alsoPids`' (Redis)
   * count as the server's.
   */
  readonly nodes?: readonly TargetRef[];
  readonly alsoPids?: readonly number[];
}

export interface AbuseSpec {
  /** Connections that dribble one byte of a login frame every second and never finish it. */
  readonly slowConnections: number;
  /** Connections that each keep sending 70 KiB lines, reconnecting when the server closes them. */
  readonly oversizedConnections: number;
  /** Logged-in clients that write requests as fast as the socket takes them. */
  readonly flooders: number;
}

export interface RelaySpec extends Common {
  readonly kind: 'relay';
  readonly mode: 'direct' | 'broadcast' | 'room';
  /**
   * Direct: sender/receiver pairs. Broadcast: receivers (plus one broadcaster). Room: receiving
   * members per room (plus the room's one sender, who created it).
   */
  readonly pairs: number;
  /** Room mode: how many rooms, each with its own sender and `pairs` receiving members. */
  readonly rooms?: number;
  /** Messages per second in total; 0 = as fast as possible within `window`. */
  readonly rate: number;
  /** As fast as possible: messages per pair (per receiver for broadcast) sent but not yet received. */
  readonly window: number;
  /**
   * As fast as possible: a top-up waits until at least this many messages fit in the window, so
   * they leave in one write and arrive in one read (1 = top up after every delivery).
   */
  readonly batch?: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** After the last send, how long to wait without progress for stragglers before counting them lost (at most a minute in all). */
  readonly drainMs: number;
  readonly payloadBytes: number;
  readonly abuse?: AbuseSpec;
}

export interface IdleSpec extends Common {
  readonly kind: 'idle';
  readonly connections: number;
  /** Logins stop being started after this long; the figures are per connection logged in. */
  readonly loginPhaseMs: number;
  readonly settleMs: number;
  /** How long to probe the event loop with pings once everyone is in. */
  readonly probeMs: number;
  readonly probeIntervalMs: number;
}

export interface LoginStormSpec extends Common {
  readonly kind: 'login-storm';
  readonly logins: number;
  /** False when a 'register' workload already created the accounts on this data folder. */
  readonly register: boolean;
  /** Logged-in users that ping the server during the storm. */
  readonly observers: number;
  readonly probeIntervalMs: number;
  readonly timeoutMs: number;
}

export interface BacklogSpec extends Common {
  readonly kind: 'backlog';
  readonly messages: number;
  /** Requests in flight while storing. */
  readonly window: number;
  readonly payloadBytes: number;
  readonly timeoutMs: number;
}

/** Creates accounts `${userPrefix}l0..` (and observers) so a later run on the same data skips hashing them. */
export interface RegisterSpec extends Common {
  readonly kind: 'register';
  readonly names: readonly string[];
}

export type WorkloadSpec = RelaySpec | IdleSpec | LoginStormSpec | BacklogSpec | RegisterSpec;

export interface CpuFigures {
  /** Percent of one core over the measured window; undefined when /proc was unreadable. */
  readonly server: number | undefined;
  readonly generator: number;
}

export interface RelayResult {
  readonly kind: 'relay';
  readonly measuredSeconds: number;
  readonly sentPerSecond: number;
  readonly deliveriesPerSecond: number;
  /** From the scheduled send time (coordinated omission corrected at fixed rates). */
  readonly latency: LatencySummary;
  /** From the actual write. */
  readonly rawLatency: LatencySummary;
  readonly integrity: Integrity;
  /** Replies to messages (Parley's 200, redis's :N or new id); acks' own replies are in receiverAcks. */
  readonly acks: number;
  /** Messages sent that got neither a reply nor an error by the end of the drain (acknowledging protocols). */
  readonly unanswered: number;
  /** The receivers' acknowledgements (Parley 1.1 [ack], redis XACK): sent, answered, redeliveries dropped. */
  readonly receiverAcks: ReceiverStats;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly cpu: CpuFigures;
  readonly setupSeconds: number;
  readonly abuse?: AbuseReport;
}

export interface AbuseReport {
  readonly slowOpen: number;
  readonly slowClosedByServer: number;
  readonly oversizedSent: number;
  readonly oversizedRejected413: number;
  readonly floodRequests: number;
  readonly floodReplies: number;
  readonly flood429: number;
  readonly floodDisconnects: number;
}

export interface IdleResult {
  readonly kind: 'idle';
  readonly requested: number;
  readonly loggedIn: number;
  readonly loginSeconds: number;
  /** Still open at the end (the probe excluded). */
  readonly connections: number;
  readonly rssBeforeBytes: number | undefined;
  readonly rssAfterBytes: number | undefined;
  readonly rssPerConnectionBytes: number | undefined;
  readonly lag: LatencySummary;
  readonly setupSeconds: number;
  readonly cpuDuringProbe: CpuFigures;
}

export interface LoginStormResult {
  readonly kind: 'login-storm';
  readonly attempted: number;
  readonly succeeded: number;
  readonly failures: readonly string[];
  readonly seconds: number;
  readonly loginsPerSecond: number;
  /** Round trips of pings from already logged-in users during the storm. */
  readonly lag: LatencySummary;
  /** Each login's own time from request to reply. */
  readonly loginLatency: LatencySummary;
  readonly registerSeconds: number;
  readonly cpu: CpuFigures;
}

export interface BacklogResult {
  readonly kind: 'backlog';
  readonly messages: number;
  readonly storeSeconds: number;
  readonly storedPerSecond: number;
  readonly storeErrors: number;
  readonly errorSamples: readonly string[];
  readonly notStoredOffline: number;
  /** From the login request to the last message received. */
  readonly deliverSeconds: number;
  readonly deliveredPerSecond: number;
  /** From the login request to the 200 for the ack covering the last message (1.0: = deliverSeconds). */
  readonly ackedSeconds: number;
  readonly acksSent: number;
  /** Messages pushed again at a later login although they had been acknowledged. */
  readonly redeliveredAfterAck: number;
  readonly integrity: Integrity;
  readonly cpuStore: CpuFigures;
  readonly cpuDeliver: CpuFigures;
}

export interface RegisterResult {
  readonly kind: 'register';
  readonly registered: number;
  readonly seconds: number;
}

export type WorkloadResult = RelayResult | IdleResult | LoginStormResult | BacklogResult | RegisterResult;

export type ToGenerator = { readonly type: 'run'; readonly id: number; readonly spec: WorkloadSpec };

export type FromGenerator =
  | { readonly type: 'result'; readonly id: number; readonly result: WorkloadResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'log'; readonly text: string };
