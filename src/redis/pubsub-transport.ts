/**
 * Redis pub/sub transport: lower latency than streams, at-most-once delivery. Each instance numbers
 * its messages and heartbeats under a random origin id; a receiver that sees a number skipped, or
 * whose subscription had to be reconnected, reports a resync. Its own heartbeat coming back proves
 * the link; none within `blockMs + marginMs` means the link is dead.
 */
import { OriginSequences } from '../sync/origin';
import { backgroundInterval, backgroundTimeout } from '../sync/timers';
import type { TransportReceiver } from '../sync/transport';
import { openOwnedConnection, type OwnedConnection } from './connection';
import type { ResolvedRedisOptions } from './transport-options';
import { decodeFrame, encodeFrame, type FrameKind } from './pubsub-frame';
import { RedisTransportBase } from './transport-base';

/** Origins silent for this many heartbeat periods are forgotten. */
const FORGET_AFTER_PERIODS = 30;

/** The pub/sub-mode transport returned by `redisTransport({ mode: 'pubsub' })`. */
export class RedisPubSubTransport extends RedisTransportBase {
  private readonly sequences = new OriginSequences();
  private subscriber: OwnedConnection | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private reconnecting: Promise<void> | undefined;
  /** The sequence number of the last frame this origin sent (its origin id is its epoch). */
  private seq = 0;

  constructor(options: ResolvedRedisOptions) {
    super(options, 'pub/sub');
  }

  protected connect(receiver: TransportReceiver): Promise<boolean> {
    return this.subscribe(receiver);
  }

  protected start(): void {
    this.heartbeat = backgroundInterval(() => this.beat(), this.options.blockMs);
  }

  protected send(payload: string): Promise<void> {
    return this.sendFrame('m', payload);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.watchdog);
    this.backoff.cancel();
    this.subscriber?.destroy();
    this.subscriber = undefined;
    await this.reconnecting;
  }

  private sendFrame(kind: FrameKind, payload: string): Promise<void> {
    const { stream } = this.options;
    // A number taken by a message that then fails to go out shows as a gap: receivers resync, which is right.
    this.seq += 1;
    const frame = encodeFrame({ kind, origin: this.origin, seq: this.seq, sentAt: Date.now(), payload });
    return this.deadline(this.run(['PUBLISH', stream, frame]), `PUBLISH to "${stream}"`).then(() => undefined);
  }

  private beat(): void {
    this.sendFrame('h', '').catch(() => undefined);
    this.sequences.forgetSilentSince(Date.now() - FORGET_AFTER_PERIODS * this.options.blockMs);
  }

  /** Subscribes on a new connection; false when the transport was closed meanwhile (the connection is dropped). */
  private async subscribe(receiver: TransportReceiver): Promise<boolean> {
    const { handle, stream, commandTimeoutMs } = this.options;
    const connection = await openOwnedConnection(handle, commandTimeoutMs);
    try {
      await this.deadline(
        connection.subscribe(stream, (text) => this.receive(text, receiver)),
        'SUBSCRIBE',
      );
    } catch (error) {
      connection.destroy();
      throw error;
    }
    if (this.closed) {
      connection.destroy();
      return false;
    }
    this.subscriber = connection;
    connection.onLost(() => this.lose(receiver));
    this.backoff.reset();
    receiver.connection(true);
    this.heardFrom(receiver);
    return true;
  }

  /** Proof of contact: re-arms the watchdog that declares the link dead. */
  private heardFrom(receiver: TransportReceiver): void {
    clearTimeout(this.watchdog);
    this.watchdog = backgroundTimeout(() => this.lose(receiver), this.options.blockMs + this.options.marginMs);
    receiver.heard();
  }

  private lose(receiver: TransportReceiver): void {
    if (this.closed || this.subscriber === undefined) return;
    clearTimeout(this.watchdog);
    this.subscriber.destroy();
    this.subscriber = undefined;
    receiver.connection(false);
    this.reconnecting = this.resubscribe(receiver);
  }

  private async resubscribe(receiver: TransportReceiver): Promise<void> {
    while (!this.closed) {
      await this.backoff.wait();
      if (this.closed) return;
      let subscribed = false;
      try {
        subscribed = await this.subscribe(receiver);
      } catch {
        continue;
      }
      if (!subscribed) return;
      this.sequences.clear();
      receiver.resync('the pub/sub subscription was re-established: messages published meanwhile are lost');
      return;
    }
  }

  private receive(text: string, receiver: TransportReceiver): void {
    const frame = decodeFrame(text);
    if (frame === undefined) {
      receiver.malformed(`a message on channel "${this.options.stream}" is not a taglru frame`);
      return;
    }
    if (frame.origin === this.origin) {
      this.heardFrom(receiver);
      return;
    }
    const verdict = this.sequences.check(frame.origin, frame.seq, Date.now());
    if (verdict === 'gap' || verdict === 'back')
      receiver.resync(`pub/sub messages from origin ${frame.origin} were lost or replayed (${verdict} at ${frame.seq})`);
    if (frame.kind === 'm') receiver.message(frame.payload, { origin: frame.origin, sentAt: frame.sentAt });
  }
}
