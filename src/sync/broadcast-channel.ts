/**
 * BroadcastChannel transport: between worker_threads of one Node process, or the tabs and workers of
 * one browser origin. There is no server: a message is delivered to every live context at once, so
 * `publish` resolves once posted, and "contact" is this context's own timers running on time.
 */
import { checkKnownOptions } from '../validate';
import { newOriginId, OriginSequences } from './origin';
import { checkInteger, checkName, checkOptionsObject, checkPayload } from './option-checks';
import { backgroundInterval } from './timers';
import type { Transport, TransportReceiver } from './transport';

/** Options of {@link broadcastChannelTransport}. */
export interface BroadcastChannelTransportOptions {
  /**
   * How often the transport checks that this context is running: every check calls `heard()`, and a
   * check that comes more than `checkMs + suspendedMs` late means the context was frozen or suspended
   * (and may have missed messages): it reports a resync. Default 1,000.
   */
  checkMs?: number;
  /** Lateness of a check that counts as suspension. Default 2,000. */
  suspendedMs?: number;
}

/** What goes over the channel (structured clone). */
interface ChannelMessage {
  taglru: 1;
  origin: string;
  seq: number;
  sentAt: number;
  payload: string;
}

function isChannelMessage(data: unknown): data is ChannelMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  return (
    message.taglru === 1 &&
    typeof message.origin === 'string' &&
    typeof message.payload === 'string' &&
    Number.isSafeInteger(message.seq) &&
    typeof message.sentAt === 'number'
  );
}

/** An event target that may exist on the global (a window, a worker global, a document). */
interface ListenerTarget {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

function listenerTarget(value: unknown): ListenerTarget | undefined {
  return typeof (value as Partial<ListenerTarget> | undefined)?.addEventListener === 'function' ? (value as ListenerTarget) : undefined;
}

class BroadcastChannelTransport implements Transport {
  private readonly origin = newOriginId();
  private readonly sequences = new OriginSequences();
  private channel: BroadcastChannel | undefined;
  private check: ReturnType<typeof setInterval> | undefined;
  private seq = 0;
  private opened = false;
  private closed = false;
  private readonly detach: (() => void)[] = [];
  /** A self-check every `checkMs`; one later than `checkMs + suspendedMs` means this context was suspended. */
  readonly livenessMs: number;

  constructor(
    private readonly name: string,
    private readonly checkMs: number,
    private readonly suspendedMs: number,
  ) {
    this.livenessMs = checkMs + suspendedMs;
  }

  async open(receiver: TransportReceiver): Promise<void> {
    if (this.opened || this.closed) throw new Error('taglru: a transport can be opened only once');
    this.opened = true;
    if (typeof globalThis.BroadcastChannel !== 'function') throw new Error('taglru: BroadcastChannel is not available here');
    const channel = new BroadcastChannel(this.name);
    this.channel = channel;
    channel.onmessage = (event: MessageEvent) => this.receive(event.data, receiver);
    channel.onmessageerror = () => receiver.malformed(`a message on channel "${this.name}" could not be deserialized`);
    this.watchSuspension(receiver);
    receiver.connection(true);
    receiver.heard();
  }

  async publish(payload: string): Promise<void> {
    checkPayload(payload);
    if (this.channel === undefined) throw new Error(this.closed ? 'taglru: the transport is closed' : 'taglru: the transport is not open');
    this.seq += 1;
    const message: ChannelMessage = { taglru: 1, origin: this.origin, seq: this.seq, sentAt: Date.now(), payload };
    this.channel.postMessage(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.check);
    for (const detach of this.detach.splice(0)) detach();
    this.channel?.close();
    this.channel = undefined;
  }

  private receive(data: unknown, receiver: TransportReceiver): void {
    if (!isChannelMessage(data)) {
      receiver.malformed(`a message on channel "${this.name}" is not a taglru message`);
      return;
    }
    receiver.heard();
    const verdict = this.sequences.check(data.origin, data.seq, Date.now());
    if (verdict === 'gap' || verdict === 'back')
      receiver.resync(`messages from origin ${data.origin} were missed (${verdict} at ${data.seq})`);
    receiver.message(data.payload, { origin: data.origin, sentAt: data.sentAt });
  }

  /** Timers that fire late, a page restored from the back-forward cache and a resumed frozen page all may have missed messages. */
  private watchSuspension(receiver: TransportReceiver): void {
    let lastCheck = Date.now();
    this.check = backgroundInterval(() => {
      const now = Date.now();
      const late = now - lastCheck - this.checkMs;
      lastCheck = now;
      if (late > this.suspendedMs) receiver.resync(`this context was suspended for about ${late} ms`);
      receiver.heard();
    }, this.checkMs);
    const onPageShow = (event: Event): void => {
      if ((event as Event & { persisted?: boolean }).persisted === true)
        receiver.resync('the page was restored from the back-forward cache');
    };
    const onResume = (): void => receiver.resync('the page was resumed after being frozen');
    const window = listenerTarget(globalThis);
    const document = listenerTarget((globalThis as { document?: unknown }).document);
    if (window !== undefined) {
      window.addEventListener('pageshow', onPageShow);
      this.detach.push(() => window.removeEventListener('pageshow', onPageShow));
    }
    for (const target of new Set([window, document])) {
      if (target === undefined) continue;
      target.addEventListener('resume', onResume);
      this.detach.push(() => target.removeEventListener('resume', onResume));
    }
  }
}

/**
 * A transport over the global `BroadcastChannel` named `name`, for `syncCache` between worker_threads
 * (Node) or the tabs and workers of one origin (browsers). Messages between live contexts are not
 * lost, so `flush()` means "posted". Bounded staleness here is about suspension, not a server: a
 * context whose timers ran late (frozen tab, paused process), or a page restored from the
 * back-forward cache or resumed, reports a resync. Its own messages are not echoed back (the
 * channel does not deliver them to the sender).
 */
export function broadcastChannelTransport(name: string, options?: BroadcastChannelTransportOptions): Transport {
  checkName(name, 'name');
  const given = checkOptionsObject(options, 'options', false);
  checkKnownOptions(given, ['checkMs', 'suspendedMs'], 'options');
  const checkMs = checkInteger(given.checkMs, 'options.checkMs', 10, 3_600_000, 1_000);
  const suspendedMs = checkInteger(given.suspendedMs, 'options.suspendedMs', 10, 3_600_000, 2_000);
  return new BroadcastChannelTransport(name, checkMs, suspendedMs);
}
