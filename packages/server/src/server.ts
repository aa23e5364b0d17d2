import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRseApp, type RseApp, type RseAppOptions } from './app.js';
import { closeGracefully } from './http/close-gracefully.js';

/** What {@link startRseServer} takes: the app's options plus where to listen. */
export interface RseServerOptions extends RseAppOptions {
  /** TCP port; `0` picks a free one (see {@link RseServer.port}). */
  readonly port: number;
  /** Interface to bind; `127.0.0.1` by default, so a dev server is not reachable from the network. */
  readonly host?: string;
}

/** A running reference server. */
export interface RseServer {
  readonly app: RseApp;
  /** `http://host:port`, without a path; the GraphQL endpoint is `${url}/graphql`. */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /** Ends live streams, stops listening, closes connections and the database. Safe to call more than once. */
  close(): Promise<void>;
}

/** Creates the app and serves it on its own HTTP server. */
export async function startRseServer(options: RseServerOptions): Promise<RseServer> {
  const host = options.host ?? '127.0.0.1';
  const app = await createRseApp(options);
  const server = createServer((req, res) => {
    app.handler(req, res);
  });
  try {
    await listen(server, options.port, host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`,
    port,
    close: () => (closing ??= closeGracefully(server, () => app.close())),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
