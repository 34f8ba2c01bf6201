/**
 * taglru: a tag-aware LRU cache whose indexes live in WebAssembly.
 * @packageDocumentation
 */
export { TagCache } from './cache';
export type { CacheNamespace } from './namespace';
export type {
  BulkRemoveAsyncOptions, DumpEntry, DumpEntryMeta, GetOrSetOptions, LatencySummary, Loader, MemoizeOptions, NamespaceOptions, NamespaceStats,
  RemovalReason, SetOptions, TagCacheOptions, TagCacheStats, TagStats, TraceEvent,
} from './types';
