/**
 * The contract between the invalidation bus and whatever carries its messages (Redis streams,
 * Redis pub/sub, BroadcastChannel). A transport moves opaque strings and reports what it can and
 * cannot prove about delivery; what the strings mean is the bus's business.
 */

/** Where a received payload came from, as written by the publishing transport. */
export interface TransportMessageInfo {
  /** The random id of the publishing transport instance (a fresh one per `open`). */
  origin: string;
  /** The publisher's `Date.now()` when it sent the payload (clocks of other machines may be skewed). */
  sentAt: number;
}

/** What a transport reports to the bus. Callbacks must not throw; the transport does not catch for them. */
export interface TransportReceiver {
  /** A payload published by ANOTHER instance; the transport filters out its own by origin. */
  message(payload: string, info: TransportMessageInfo): void;
  /**
   * The transport cannot prove it has seen every message (a gap, a sequence that went back, a stream
   * that is gone, a Redis restart, a pub/sub reconnect, a suspended tab): the bus must treat every
   * entry it holds as stale. `reason` is a human-readable sentence for logs and stats.
   */
  resync(reason: string): void;
  /**
   * The other side answered in time (a blocking read returned, data or not, on schedule; a heartbeat
   * came back): proof of contact, the clock that bounded staleness is measured against.
   */
  heard(): void;
  /** The link went up (connected and positioned) or down. Called only on a change. */
  connection(up: boolean): void;
  /** A malformed or foreign entry was skipped; `detail` says what was wrong with it. */
  malformed(detail: string): void;
}

/** Moves opaque string payloads between the instances sharing a channel or stream. */
export interface Transport {
  /**
   * The longest a healthy link goes between two `heard()` calls, plus the grace the transport allows
   * before it declares the link dead. The bus refuses a `maxStalenessMs` that is not longer.
   */
  readonly livenessMs?: number;
  /**
   * Connects and starts delivering to `receiver`. Resolves once connected and positioned, so that
   * every payload published after it resolves is delivered (or reported as a gap); rejects with a
   * clear error when it cannot connect. Call once per transport.
   */
  open(receiver: TransportReceiver): Promise<void>;
  /**
   * Sends one payload. Resolves once it is stored in Redis (streams), handed to Redis (pub/sub) or
   * posted (BroadcastChannel); rejects on failure or after the transport's timeout (the payload may
   * still arrive later: receivers treat invalidations as idempotent).
   */
  publish(payload: string): Promise<void>;
  /** Stops reading and closes every connection and timer the transport opened (never the user's client). */
  close(): Promise<void>;
}
