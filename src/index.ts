/**
 * taglru: a tag-aware LRU cache whose indexes live in WebAssembly.
 * @packageDocumentation
 */
export { TagCache } from './cache';
export type {
  LatencySummary, RemovalReason, SetOptions, TagCacheOptions, TagCacheStats,
} from './types';
