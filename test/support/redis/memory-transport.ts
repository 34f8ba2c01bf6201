// An in-memory hub of transports for unit tests of the bus (the Redis transports have their own tests
// against a real server). Delivery is asynchronous, like any real transport; the hub can fail publishes.
import type { Transport, TransportReceiver } from '../../../src/sync/transport';

export interface MemoryHub {
  transport(): Transport & { receiver(): TransportReceiver | undefined; closed: boolean };
  /** Publishes reject while true. */
  failing: boolean;
  /** Every payload published, in order. */
  payloads: string[];
}

export function memoryHub(): MemoryHub {
  const members: { origin: string; receiver: TransportReceiver | undefined; closed: boolean }[] = [];
  let origins = 0;
  const hub: MemoryHub = {
    failing: false,
    payloads: [],
    transport() {
      const member = { origin: `o${++origins}`, receiver: undefined as TransportReceiver | undefined, closed: false };
      members.push(member);
      return {
        get closed() {
          return member.closed;
        },
        receiver: () => member.receiver,
        async open(receiver) {
          member.receiver = receiver;
          receiver.connection(true);
          receiver.heard();
        },
        async publish(payload) {
          await Promise.resolve();
          if (hub.failing) throw new Error('hub is down');
          hub.payloads.push(payload);
          const sentAt = Date.now();
          for (const other of members) {
            if (other !== member && !other.closed) setTimeout(() => other.receiver?.message(payload, { origin: member.origin, sentAt }), 0);
          }
        },
        async close() {
          member.closed = true;
        },
      };
    },
  };
  return hub;
}
