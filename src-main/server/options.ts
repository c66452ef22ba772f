/** What a ChatServer is told at construction; the CLI maps its flags onto this. */
export interface ServerLimits {
  /** Connections in total; past it a new one gets `[503]` and is closed. */
  readonly maxConnections: number;
  /** Connections from one remote address. */
  readonly maxConnectionsPerAddress: number;
  /** Sustained requests per second per connection (token bucket; burst twice this). 0: no limit. */
  readonly requestsPerSecond: number;
  /** Failed logins per remote address per minute before further attempts get 429 unhashed. 0: no limit. */
  readonly failedLoginsPerMinute: number;
  /** Registrations per remote address per minute (each costs a password hash). 0: no limit. */
  readonly registrationsPerMinute: number;
  /** Rooms one user may create (protocol 1.2); past it `[roomcreate]` gets 403. */
  readonly roomsPerUser: number;
  /** Members of one room; past it `[roomjoin]` gets 403. */
  readonly membersPerRoom: number;
  /** Room invitations one user may send per minute; past it `[roominvite]` gets 429. 0: no limit. */
  readonly invitesPerMinute: number;
  /** `[history]` requests one user may make per minute; past it they get 429. 0: no limit. */
  readonly historyPerMinute: number;
  /** Unsent output past which a connection's reading is paused until it drains. */
  readonly softOutputBytes: number;
  /**
   * Unsent output past which a connection is dropped. Direct messages never get it there (their
   * window is far below it); broadcasts and presence to a client that does not read do.
   */
  readonly hardOutputBytes: number;
}

export interface ServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** How long (ms) a username stays locked after 3 consecutive wrong passwords. */
  readonly blockDurationMs: number;
  /** Inactivity timeout; 0 never times out. */
  readonly inactivityTimeoutMs: number;
  /** How long a new connection may take to log in. */
  readonly loginGraceMs: number;
  /** How long a private-chat request waits for an answer. */
  readonly privateRequestTtlMs: number;
  /** Presence changes are gathered this long and sent as one write per user; 0 sends each at once. */
  readonly presenceBatchMs: number;
  /** How long a pushed direct message waits for its ack before it is written to the store. */
  readonly deliveryHoldMs: number;
  /** Unacknowledged direct messages in flight per connection: by count and by frame length. */
  readonly deliveryWindow: { readonly messages: number; readonly bytes: number };
  readonly limits: ServerLimits;
}

export const defaultLimits: ServerLimits = {
  maxConnections: 10_000,
  maxConnectionsPerAddress: 100,
  requestsPerSecond: 100,
  failedLoginsPerMinute: 30,
  registrationsPerMinute: 10,
  roomsPerUser: 20,
  membersPerRoom: 5000,
  invitesPerMinute: 30,
  historyPerMinute: 600,
  softOutputBytes: 256 * 1024,
  hardOutputBytes: 8 * 1024 * 1024,
};

export const defaultServerOptions: ServerOptions = {
  host: '127.0.0.1',
  port: 5000,
  blockDurationMs: 60_000,
  inactivityTimeoutMs: 0,
  loginGraceMs: 30_000,
  privateRequestTtlMs: 60_000,
  presenceBatchMs: 50,
  deliveryHoldMs: 200,
  deliveryWindow: { messages: 256, bytes: 1024 * 1024 },
  limits: defaultLimits,
};

/** Options as callers give them: any subset, limits included. */
export type ServerOverrides = Partial<Omit<ServerOptions, 'limits'>> & {
  readonly limits?: Partial<ServerLimits>;
};
