/**
 * taglru: a tag-aware LRU cache whose indexes live in WebAssembly.
 * @packageDocumentation
 */
export { TagCache } from './cache';
export type { CacheNamespace } from './namespace';
export type {
  DumpEntry, DumpEntryMeta, GetOrSetOptions, LatencySummary, Loader, MemoizeOptions, NamespaceOptions, NamespaceStats,
  RemovalReason, SetOptions, TagCacheOptions, TagCacheStats, TraceEvent,
} from './types';
