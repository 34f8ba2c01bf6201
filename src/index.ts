/**
 * taglru: a tag-aware LRU cache whose indexes live in WebAssembly.
 * @packageDocumentation
 */
export { TagCache } from './tag-cache';
export type { TagCacheApi } from './api';
export type { CacheNamespace } from './read-through/namespace';
export type {
  AbortSignalLike,
  AbortSignalType,
  AllInvalidationCause,
  BulkRemoveAsyncOptions,
  DumpEntry,
  DumpEntryMeta,
  LoadContext,
  GetOrSetOptions,
  InvalidationListener,
  KeyInvalidationCause,
  LatencySummary,
  Loader,
  MemoizeOptions,
  NamespaceOptions,
  NamespaceStats,
  RemovalReason,
  SetOptions,
  TagCacheOptions,
  TagCacheStats,
  TagInvalidationCause,
  TagStats,
  TraceEvent,
} from './types';
