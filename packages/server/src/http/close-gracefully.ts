import type { Server } from 'node:http';

/** How long open connections get to finish after close before they are cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Stops an HTTP server that serves the RSE app: stops listening, lets `closeApp` end the live streams
 * first (subscribers then receive `complete` instead of a cut connection), closes idle connections, and
 * gives requests in flight {@link CLOSE_GRACE_MS} before the remaining sockets are cut. For
 * `startRseServer`, and for anyone who mounts `createRseApp().handler` on a server of their own.
 */
export async function closeGracefully(server: Server, closeApp: () => Promise<unknown>): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  await closeApp();
  server.closeIdleConnections();
  const grace = setTimeout(() => {
    server.closeAllConnections();
  }, CLOSE_GRACE_MS);
  grace.unref();
  await stopped;
  clearTimeout(grace);
}
