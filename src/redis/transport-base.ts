/** What the stream and pub/sub transports share: the origin id, the publisher, opening once, closing state. */
import { newOriginId } from '../sync/origin';
import { checkPayload } from '../sync/option-checks';
import { withDeadline } from '../sync/timers';
import type { Transport, TransportReceiver } from '../sync/transport';
import { type CommandRunner, commandRunner } from './connection';
import type { ResolvedRedisOptions } from './transport-options';
import { ReconnectBackoff } from './reconnect';

/** The message of an error, or the thing itself as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The common half of a Redis transport; subclasses connect, start following and send. */
export abstract class RedisTransportBase implements Transport {
  /** This instance's origin id, written into everything it publishes: a fresh one per transport. */
  readonly origin = newOriginId();
  protected readonly run: CommandRunner;
  protected readonly backoff: ReconnectBackoff;
  protected receiver: TransportReceiver | undefined;
  protected closed = false;
  /** A read or heartbeat every `blockMs`; silence for `blockMs + marginMs` means the link is dead. */
  readonly livenessMs: number;

  constructor(
    protected readonly options: ResolvedRedisOptions,
    private readonly modeName: string,
  ) {
    this.livenessMs = options.blockMs + options.marginMs;
    this.run = commandRunner(options.handle);
    this.backoff = new ReconnectBackoff(options.reconnectMinMs, options.reconnectMaxMs);
  }

  async open(receiver: TransportReceiver): Promise<void> {
    if (this.receiver !== undefined || this.closed) throw new Error('taglru: a transport can be opened only once');
    this.receiver = receiver;
    try {
      await this.connect(receiver);
    } catch (error) {
      this.closed = true;
      throw new Error(`taglru: cannot open the Redis ${this.modeName} transport on "${this.options.stream}": ${messageOf(error)}`);
    }
    if (!this.closed) this.start(receiver);
  }

  async publish(payload: string): Promise<void> {
    checkPayload(payload);
    if (this.closed) throw new Error('taglru: the transport is closed');
    await this.send(payload);
  }

  abstract close(): Promise<void>;

  /** First connection: rejects when Redis cannot be reached or refuses. */
  protected abstract connect(receiver: TransportReceiver): Promise<unknown>;
  /** Starts following once connected (not called when closed meanwhile). */
  protected abstract start(receiver: TransportReceiver): void;
  /** Sends one checked payload. */
  protected abstract send(payload: string): Promise<void>;

  /** `promise`, or a rejection naming `what` after `commandTimeoutMs`. */
  protected deadline<T>(promise: Promise<T>, what: string): Promise<T> {
    const { commandTimeoutMs } = this.options;
    return withDeadline(promise, commandTimeoutMs, `taglru: ${what} took longer than ${commandTimeoutMs} ms`);
  }
}
