/**
 * Redis Streams transport: every payload is XADDed with a stream-wide sequence number taken in the
 * same script; a reader on its own connection follows the stream with a blocking XREAD and reports a
 * resync whenever it cannot prove it has seen every entry.
 */
import { withDeadline } from '../sync/timers';
import type { TransportReceiver } from '../sync/transport';
import { openOwnedConnection, type OwnedConnection } from './connection';
import type { ResolvedRedisOptions } from './transport-options';
import { decodeEntry, entriesOfXreadReply, type RawStreamEntry } from './stream-entries';
import { compareStreamIds, readRunId, readStreamPosition, runPublishScript, type StreamPosition } from './stream-scripts';
import { RedisTransportBase } from './transport-base';

/** Entries read per XREAD. */
const READ_BATCH = 1_000;

/** The stream-mode transport returned by `redisTransport`. */
export class RedisStreamTransport extends RedisTransportBase {
  private reader: OwnedConnection | undefined;
  private readLoop: Promise<void> | undefined;
  private up = false;
  /** Id of the last entry read: the next XREAD starts after it. */
  private lastId = '0-0';
  /** Sequence number of the last entry read (or the counter when positioned). */
  private lastSeq = 0;
  private runId = '';

  constructor(options: ResolvedRedisOptions) {
    super(options, 'stream');
  }

  protected connect(): Promise<void> {
    return this.connectReader(true);
  }

  protected start(receiver: TransportReceiver): void {
    this.readLoop = this.follow(receiver);
  }

  protected async send(payload: string): Promise<void> {
    const { stream, maxLen } = this.options;
    const args = [String(maxLen), this.origin, String(Date.now()), payload];
    await this.deadline(runPublishScript(this.run, stream, args), `XADD to "${stream}"`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.backoff.cancel();
    this.reader?.destroy();
    this.reader = undefined;
    await this.readLoop;
  }

  /** Opens the reader's connection and positions it; after the first time, checks what may have been missed. */
  private async connectReader(first: boolean): Promise<void> {
    const connection = await openOwnedConnection(this.options.handle, this.options.commandTimeoutMs);
    try {
      const runId = await this.deadline(readRunId(connection.command), 'INFO server');
      const position = await this.deadline(readStreamPosition(connection.command, this.options.stream), 'reading the stream position');
      if (first) {
        this.lastId = position.lastId ?? '0-0';
        this.lastSeq = position.seq;
      } else if (runId !== this.runId) {
        this.reposition(position, 'Redis restarted (its run_id changed): acknowledged writes may be lost');
      } else {
        this.checkPosition(position);
      }
      this.runId = runId;
    } catch (error) {
      connection.destroy();
      throw error;
    }
    if (this.closed) {
      connection.destroy();
      return;
    }
    this.reader = connection;
    this.backoff.reset();
    this.setUp(true);
  }

  /** Compares where the stream stands with where this reader is, when no entry can tell. */
  private checkPosition(position: StreamPosition): void {
    if (position.seq < this.lastSeq) {
      this.reposition(position, `the stream's sequence counter went back from ${this.lastSeq} to ${position.seq}: it was recreated`);
    } else if (position.lastId === undefined) {
      if (position.seq > this.lastSeq) this.reposition(position, `the stream is gone with ${position.seq - this.lastSeq} entries unread`);
      // Every entry up to the counter was read: nothing lost; the next entry will start a new stream.
      else this.lastId = '0-0';
    } else if (compareStreamIds(position.lastId, this.lastId) < 0) {
      this.reposition(position, 'the stream was recreated with smaller ids');
    }
  }

  /** Gives up on proving continuity: resync and continue from the stream's current end. */
  private reposition(position: StreamPosition, reason: string): void {
    this.lastId = position.lastId ?? '0-0';
    this.lastSeq = position.seq;
    this.receiver?.resync(reason);
  }

  private setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.receiver?.connection(up);
  }

  private dropReader(): void {
    this.reader?.destroy();
    this.reader = undefined;
    this.setUp(false);
  }

  /** Reads until closed, reconnecting with backoff whenever the reader fails or falls silent. */
  private async follow(receiver: TransportReceiver): Promise<void> {
    const { stream, blockMs, marginMs } = this.options;
    while (!this.closed) {
      const reader = this.reader;
      if (reader === undefined) {
        await this.backoff.wait();
        if (this.closed) break;
        await this.connectReader(false).catch(() => undefined);
        continue;
      }
      try {
        const read = reader.command(['XREAD', 'COUNT', String(READ_BATCH), 'BLOCK', String(blockMs), 'STREAMS', stream, this.lastId]);
        const reply = await withDeadline(read, blockMs + marginMs, 'a blocking read did not return in time');
        if (this.closed) break;
        const entries = entriesOfXreadReply(reply, stream);
        if (entries.length > 0) this.deliver(entries, receiver);
        else this.checkPosition(await this.deadline(readStreamPosition(reader.command, stream), 'reading the stream position'));
        // Contact, and caught up: a read that came back on time with less than a full batch.
        if (entries.length < READ_BATCH) receiver.heard();
      } catch {
        if (!this.closed) this.dropReader();
      }
    }
  }

  private deliver(entries: readonly RawStreamEntry[], receiver: TransportReceiver): void {
    for (const raw of entries) {
      this.lastId = raw.id;
      const decoded = decodeEntry(raw);
      const seq = 'entry' in decoded ? decoded.entry.seq : decoded.seq;
      if (seq !== undefined) this.followSequence(seq, receiver);
      if (!('entry' in decoded)) {
        receiver.malformed(decoded.problem);
        continue;
      }
      const { entry } = decoded;
      if (entry.origin !== this.origin) receiver.message(entry.payload, { origin: entry.origin, sentAt: entry.sentAt });
    }
  }

  private followSequence(seq: number, receiver: TransportReceiver): void {
    const expected = this.lastSeq + 1;
    this.lastSeq = seq;
    if (seq > expected)
      receiver.resync(
        `missed ${seq - expected} entries (sequence jumped to ${seq}, expected ${expected}): trimmed past this reader or lost`,
      );
    else if (seq < expected) receiver.resync(`the sequence went back to ${seq} (expected ${expected}): the stream was recreated`);
  }
}
