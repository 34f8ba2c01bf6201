// A TransportReceiver that records everything it hears, and polling waits on it.
import type { TransportReceiver } from '../../../src/sync/transport';

export interface Recording {
  receiver: TransportReceiver;
  messages: { payload: string; origin: string; sentAt: number }[];
  resyncs: string[];
  connections: boolean[];
  malformed: string[];
  heard: number;
}

export function recordingReceiver(): Recording {
  const recording: Recording = {
    messages: [],
    resyncs: [],
    connections: [],
    malformed: [],
    heard: 0,
    receiver: {
      message: (payload, info) => recording.messages.push({ payload, ...info }),
      resync: (reason) => recording.resyncs.push(reason),
      heard: () => {
        recording.heard += 1;
      },
      connection: (up) => recording.connections.push(up),
      malformed: (detail) => recording.malformed.push(detail),
    },
  };
  return recording;
}

/** Polls `condition` every 10 ms until it holds, or throws after `timeoutMs` naming `what`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
