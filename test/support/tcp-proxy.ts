// A loopback TCP proxy that can stall a link without closing it, or cut it, on command.
import { createConnection, createServer, type Socket } from 'node:net';

/** A proxy in front of one port. */
export interface TcpProxy {
  readonly port: number;
  /** Stops forwarding in both directions on every link, new ones included; sockets stay open (a half-open link). */
  stall(): void;
  /** Forwards again (data held during the stall is delivered). */
  resume(): void;
  /** Closes every link at once (a reset). */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to 127.0.0.1:`targetPort`. */
export function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const links = new Set<[Socket, Socket]>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = createConnection({ port: targetPort, host: '127.0.0.1' });
    const link: [Socket, Socket] = [client, upstream];
    links.add(link);
    if (stalled) {
      client.pause();
      upstream.pause();
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
    const end = (): void => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : 0,
        stall() {
          stalled = true;
          for (const [client, upstream] of links) {
            client.unpipe(upstream);
            upstream.unpipe(client);
            client.pause();
            upstream.pause();
          }
        },
        resume() {
          stalled = false;
          for (const [client, upstream] of links) {
            client.pipe(upstream);
            upstream.pipe(client);
          }
        },
        cut() {
          for (const [client, upstream] of links) {
            client.destroy();
            upstream.destroy();
          }
        },
        close() {
          for (const [client, upstream] of links) {
            client.destroy();
            upstream.destroy();
          }
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}
