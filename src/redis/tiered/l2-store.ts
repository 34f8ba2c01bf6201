/** The second level: one script call per operation on the layout described in scripts.ts. */
import { replyText } from '../connection';
import { encodeKey } from './codec';
import { BUMP_EPOCH_SCRIPT, BUMP_TAGS_SCRIPT, DELETE_SCRIPT, READ_SCRIPT, REMOVE_TAGGED_SCRIPT, WRITE_SCRIPT } from './scripts';
import { type ScriptRunner, TierScript } from './script-runner';

const SCRIPTS = {
  read: new TierScript(READ_SCRIPT),
  write: new TierScript(WRITE_SCRIPT),
  delete: new TierScript(DELETE_SCRIPT),
  bumpTags: new TierScript(BUMP_TAGS_SCRIPT),
  bumpEpoch: new TierScript(BUMP_EPOCH_SCRIPT),
  removeTagged: new TierScript(REMOVE_TAGGED_SCRIPT),
};

/** Index entries and tags one removal call may spend before it returns (a few ms of Redis time). */
const REMOVAL_BUDGET = 4_000;

/** What a load saw when it started: compared again, atomically, by the write that stores its value. */
export interface LoadStart {
  epoch: string;
  version: number;
  /** Redis's clock (ms) at the read. */
  startedAt: number;
  /** The current generation of each tag the value will be written with, in order. */
  generations: number[];
}

/** One read: the value's state, and what a load starting now must carry to its write. */
export interface L2Read {
  status: 'hit' | 'miss' | 'stale' | 'corrupt';
  /** The serialized value and its tags (hits only). */
  data: string | undefined;
  tags: string[] | undefined;
  /** Remaining TTL in ms (hits only). */
  remainingMs: number;
  start: LoadStart;
}

/** What a write did: stored, refused by the load guard, or ran after its deadline (dropped). */
export type L2WriteOutcome = 'ok' | 'refused' | 'late';

/** A script's array reply of at least `length` items, or an error naming the script. */
function arrayReply(reply: unknown, length: number, script: string): unknown[] {
  if (!Array.isArray(reply) || reply.length < length) throw new Error(`taglru: unexpected reply to the ${script} script`);
  return reply;
}

const WRITE_OUTCOMES: readonly string[] = ['ok', 'refused', 'late'];

function decodeTags(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) && list.every((tag) => typeof tag === 'string' && tag.length > 0) ? list : undefined;
  } catch {
    return undefined;
  }
}

/** The L2 operations of one tier (one prefix). */
export class L2Store {
  private readonly generationsKey: string;
  private readonly valuePrefix: string;
  private readonly tagPrefix: string;

  constructor(
    private readonly runner: ScriptRunner,
    prefix: string,
    private readonly guardMs: number,
  ) {
    this.generationsKey = `${prefix}g`;
    this.valuePrefix = `${prefix}v:`;
    this.tagPrefix = `${prefix}t:`;
  }

  /** The Redis key of a cache key's value. */
  valueKey(key: string | number): string {
    return this.valuePrefix + encodeKey(key);
  }

  /** Reads the value of `key` with its freshness, and the state a load of it with `tags` starts from. */
  async read(key: string | number, tags: readonly string[]): Promise<L2Read> {
    const reply = arrayReply(await this.runner.script(SCRIPTS.read, [this.valueKey(key), this.generationsKey], tags), 8, 'read');
    const [status, data, tagsText, pttl, version, epoch, now] = reply;
    const generations = arrayReply(reply[7], tags.length, 'read');
    const start: LoadStart = {
      epoch: replyText(epoch) ?? '',
      version: Number(version),
      startedAt: Number(now),
      generations: generations.map(Number),
    };
    const statusText = replyText(status);
    if (statusText !== 'hit') {
      return {
        status: statusText === 'stale' || statusText === 'corrupt' ? statusText : 'miss',
        data: undefined,
        tags: undefined,
        remainingMs: 0,
        start,
      };
    }
    const entryTags = decodeTags(replyText(tagsText));
    const text = replyText(data);
    if (entryTags === undefined || text === undefined)
      return { status: 'corrupt', data: undefined, tags: undefined, remainingMs: 0, start };
    return { status: 'hit', data: text, tags: entryTags, remainingMs: Number(pttl), start };
  }

  /**
   * Writes a value and its index entries in one script. With `start` (a fill), the write is refused
   * unless the epoch, the key's version and every tag's generation are still what the load saw.
   * `deadline` is the latest Redis time (ms) the write may run at: a write delayed past it is dropped.
   */
  async write(
    key: string | number,
    data: string,
    tags: readonly string[],
    ttl: number,
    deadline: number,
    start: LoadStart | undefined,
  ): Promise<L2WriteOutcome> {
    const args = [
      this.tagPrefix,
      encodeKey(key),
      data,
      JSON.stringify(tags),
      String(ttl),
      String(Math.floor(deadline)),
      start === undefined ? '0' : '1',
      start?.epoch ?? '',
      String(start?.version ?? 0),
      String(start?.startedAt ?? 0),
      String(this.guardMs),
      randomToken(),
      String(tags.length),
      ...tags,
      ...(start?.generations ?? []).map(String),
    ];
    const reply = replyText(await this.runner.script(SCRIPTS.write, [this.valueKey(key), this.generationsKey], args)) ?? '';
    if (!WRITE_OUTCOMES.includes(reply)) throw new Error('taglru: unexpected reply to the write script');
    return reply as L2WriteOutcome;
  }

  /** Removes the value of `key` (leaving a tombstone with the next version); true if there was one. */
  async delete(key: string | number): Promise<boolean> {
    const reply = await this.runner.script(SCRIPTS.delete, [this.valueKey(key)], [this.tagPrefix, encodeKey(key), String(this.guardMs)]);
    return Number(reply) === 1;
  }

  /** Bumps the generation of each tag (every value written with it before is stale); returns the new generations. */
  async bumpTags(tags: readonly string[]): Promise<number[]> {
    return arrayReply(await this.runner.script(SCRIPTS.bumpTags, [this.generationsKey], tags), tags.length, 'generation').map(Number);
  }

  /** Replaces the epoch: every value in this tier is stale. */
  async bumpEpoch(): Promise<void> {
    await this.runner.script(SCRIPTS.bumpEpoch, [this.generationsKey], [randomToken()]);
  }

  /**
   * Deletes every value indexed under `tags` whose generation of that tag is below the bumped one
   * (`generations`, from bumpTags), in calls of bounded work. Returns the number of values removed.
   */
  async removeTagged(tags: readonly string[], generations: readonly number[]): Promise<number> {
    let removed = 0;
    let position = 1;
    let cursor = '0';
    while (position <= tags.length) {
      const args = [
        this.valuePrefix,
        this.tagPrefix,
        String(REMOVAL_BUDGET),
        String(position),
        cursor,
        String(tags.length),
        ...tags,
        ...generations.map(String),
      ];
      const reply = arrayReply(await this.runner.script(SCRIPTS.removeTagged, [], args), 3, 'removal');
      removed += Number(reply[0]);
      position = Number(reply[1]);
      cursor = replyText(reply[2]) ?? '0';
    }
    return removed;
  }
}

/** A token that makes an epoch unique even if Redis's clock repeats itself. */
function randomToken(): string {
  return Math.random().toString(36).slice(2, 10);
}
