/**
 * A loopback TCP proxy in front of a server, so a test can cut a client's connections — its live
 * stream among them — while the server keeps running and other clients keep writing to it directly.
 *
 * `cut()` destroys every open connection at once (both sides), as a dropped Wi-Fi or a load balancer
 * restart would. While `down`, new connections are accepted and destroyed at once, so reconnection
 * attempts fail the way they do against an unreachable host; `up()` lets them through again.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  /** Connections accepted and passed on to the server. */
  passed = 0;
  /** Connections refused while down. */
  refused = 0;
  /** Connections cut by `cut()`. */
  cutConnections = 0;
  private readonly open = new Set<Socket>();
  private isDown = false;
  private server: Server | null = null;
  private boundPort = 0;

  constructor(
    private readonly upstreamPort: number,
    private readonly upstreamHost = '127.0.0.1',
  ) {}

  /** The port the proxy listens on (after {@link listen}). */
  get port(): number {
    return this.boundPort;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${String(this.boundPort)}`;
  }

  /** Starts listening on a free loopback port. */
  listen(): Promise<void> {
    const server = createServer((client) => {
      this.accept(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        this.boundPort = typeof address === 'object' && address !== null ? address.port : 0;
        resolve();
      });
    });
  }

  /** Destroys every open connection and refuses new ones until {@link up}. */
  down(): void {
    this.isDown = true;
    this.cut();
  }

  /** Lets connections through again. */
  up(): void {
    this.isDown = false;
  }

  /** Destroys every open connection (both ends); new ones still pass unless {@link down}. */
  cut(): void {
    for (const socket of [...this.open]) {
      this.cutConnections++;
      socket.destroy();
    }
  }

  /** Closes the proxy and every connection through it. */
  async close(): Promise<void> {
    this.isDown = true;
    for (const socket of [...this.open]) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => {
      resolve();
    }));
  }

  private accept(client: Socket): void {
    if (this.isDown) {
      this.refused++;
      client.destroy();
      return;
    }
    this.passed++;
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    // Only the client side is counted as a connection; destroying it destroys its upstream too.
    this.open.add(client);
    const end = (): void => {
      this.open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
