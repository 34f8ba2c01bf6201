// Node's diagnostics_channel publication for tracing tools (the diagnostics
// option): hits, misses, removals and loads. The module is taken with
// process.getBuiltinModule at run time, never imported, so browser bundles
// never see it; where it is missing, the option does nothing.

import type { RemovalReason, TraceEvent } from '../types';

/** The part of a diagnostics_channel Channel used here. */
interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** Channel names, for subscribers: `diagnostics_channel.subscribe('taglru:hit', ...)`. */
export const CHANNELS = { hit: 'taglru:hit', miss: 'taglru:miss', remove: 'taglru:remove', load: 'taglru:load' } as const;

/** What a load publishes on `taglru:load`. */
export interface LoadMessage {
  readonly key: unknown;
  readonly phase: 'start' | 'end' | 'error';
  /** Milliseconds since the start (end and error). */
  readonly durationMs?: number;
  readonly error?: unknown;
}

/** The channels of one process, or undefined outside Node (or before Node 20.16). */
function channels(): Record<keyof typeof CHANNELS, Channel> | undefined {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const module = host.process?.getBuiltinModule?.('node:diagnostics_channel') as { channel(name: string): Channel } | undefined;
  if (module === undefined) return undefined;
  return {
    hit: module.channel(CHANNELS.hit),
    miss: module.channel(CHANNELS.miss),
    remove: module.channel(CHANNELS.remove),
    load: module.channel(CHANNELS.load),
  };
}

/** The trace, onRemove and load hooks of a cache with the diagnostics option, wrapping the user's own. */
export interface DiagnosticHooks<K, V> {
  trace: (event: TraceEvent<K>) => void;
  onRemove: (key: K, value: V, reason: RemovalReason) => void;
  load: (message: LoadMessage) => void;
}

/**
 * Hooks that publish to the channels and then call the user's `trace` and
 * `onRemove`; undefined where diagnostics_channel is not available.
 */
export function diagnosticHooks<K, V>(
  trace: ((event: TraceEvent<K>) => void) | undefined,
  onRemove: ((key: K, value: V, reason: RemovalReason) => void) | undefined,
): DiagnosticHooks<K, V> | undefined {
  const channel = channels();
  if (channel === undefined) return undefined;
  return {
    trace: (event) => {
      if (event.type === 'hit' || event.type === 'miss') {
        const target = channel[event.type];
        if (target.hasSubscribers) target.publish({ key: event.key });
      }
      trace?.(event);
    },
    onRemove: (key, value, reason) => {
      if (channel.remove.hasSubscribers) channel.remove.publish({ key, value, reason });
      onRemove?.(key, value, reason);
    },
    load: (message) => {
      if (channel.load.hasSubscribers) channel.load.publish(message);
    },
  };
}
