/**
 * The bus's message format: JSON `{ v: 1, all?, rm?, st?, ks?, kn? }`. String keys and number keys
 * travel in separate lists so `1` and `'1'` stay different; numbers are written as text so that
 * Infinity and -Infinity survive (JSON would turn them into null).
 */
import type { BatchContents, CacheKey } from './invalidation-batch';

interface WireMessage {
  v: 1;
  all?: 'clear' | 'stale';
  rm?: string[];
  st?: string[];
  ks?: string[];
  kn?: string[];
}

/** The text of a number key: String keeps Infinity (JSON would write null); -0 is the same key as 0 in the cache. */
function numberText(key: number): string {
  return String(key);
}

/** Encodes a batch as one message. */
export function encodeBatch(contents: BatchContents): string {
  const message: WireMessage = { v: 1 };
  if (contents.all !== undefined) message.all = contents.all;
  if (contents.removedTags.length > 0) message.rm = contents.removedTags;
  if (contents.staleTags.length > 0) message.st = contents.staleTags;
  const strings = contents.keys.filter((key): key is string => typeof key === 'string');
  const numbers = contents.keys.filter((key): key is number => typeof key === 'number');
  if (strings.length > 0) message.ks = strings;
  if (numbers.length > 0) message.kn = numbers.map(numberText);
  return JSON.stringify(message);
}

function stringList(value: unknown, allowEmpty: boolean): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  for (const item of value) if (typeof item !== 'string' || (!allowEmpty && item.length === 0)) return undefined;
  return value as string[];
}

/** Decodes a message, or returns a sentence saying what is wrong with it. */
export function decodeBatch(payload: string): BatchContents | string {
  let message: unknown;
  try {
    message = JSON.parse(payload);
  } catch {
    return 'a message is not JSON';
  }
  if (typeof message !== 'object' || message === null || (message as { v?: unknown }).v !== 1)
    return 'a message is not a taglru v1 message';
  const { all, rm, st, ks, kn } = message as Record<string, unknown>;
  if (all !== undefined && all !== 'clear' && all !== 'stale') return 'a message has an unknown "all"';
  const removedTags = stringList(rm, false);
  const staleTags = stringList(st, false);
  const stringKeys = stringList(ks, true);
  const numberTexts = stringList(kn, true);
  if (removedTags === undefined || staleTags === undefined || stringKeys === undefined || numberTexts === undefined) {
    return 'a message has a list that is not a list of strings';
  }
  const numberKeys = numberTexts.map(Number);
  // Only the exact text numberText writes: rejects '', ' 1', '0x1' and 'NaN'.
  if (numberKeys.some((key, index) => numberText(key) !== numberTexts[index] || Number.isNaN(key)))
    return 'a message has a number key that is not a number';
  const keys: CacheKey[] = [...stringKeys, ...numberKeys];
  return { all: all as 'clear' | 'stale' | undefined, removedTags, staleTags, keys };
}
