/**
 * The benchmark's server process: the reference backend (`createRseApp`, dev mode, a fresh SQLite file)
 * and, on the same origin, the bench page (`test/bench/pages/`) and the built CDN bundle under `/rse/`.
 *
 * It runs in a child process of `run.ts`, so that the 1,000 stream clients and the load generator of the
 * parent do not share the server's event loop — on one loop the figures would measure the clients too.
 * The parent talks to it over the IPC channel of `fork()`:
 * - child → parent: `{ type: 'listening', url }` once it accepts connections, `{ type: 'connections', count }`
 *   when asked;
 * - parent → child: `{ type: 'connections' }` (how many TCP connections are open, to check that streams
 *   were really closed), `{ type: 'close' }`.
 * It also exits when the parent goes away (the IPC channel disconnects), so it can never outlive a run.
 *
 * Arguments: `--db <file>`, `--objects <file>` (a JSON list of object registrations to make known) and
 * `--remove-on-exit <folder>`: the parent's temporary folder, deleted here too after the database is
 * closed, so that it goes even when the parent dies first.
 *
 * @module
 */
import { createReadStream, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, parseArgs } from 'node:util';
import { createRseApp, GRAPHQL_PATH, type ObjectRegistration, type RseLogger } from '@rse/server';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGES_DIR = join(REPO_ROOT, 'test', 'bench', 'pages');
/** The built bundle; `RSE_BENCH_CDN_DIR` points at another build of it (e.g. to compare two builds). */
const CDN_DIR = process.env.RSE_BENCH_CDN_DIR ?? join(REPO_ROOT, 'packages', 'elements', 'dist', 'cdn');

/** Messages the parent sends. */
export type ParentMessage = { readonly type: 'connections' } | { readonly type: 'close' };
/** Messages the child sends. */
export type ChildMessage =
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'connections'; readonly count: number }
  | { readonly type: 'log'; readonly level: 'warn' | 'error'; readonly message: string };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The only static paths served: a fixed list, so nothing else of the disk is reachable. */
function staticFile(path: string): string | null {
  const page = /^\/bench\/([\w-]+\.(?:html|js))$/u.exec(path);
  if (page?.[1]) return join(PAGES_DIR, page[1]);
  if (path === '/bench/' || path === '/') return join(PAGES_DIR, 'index.html');
  const bundle = /^\/rse\/(rse(?:-memory)?\.js(?:\.map)?)$/u.exec(path);
  if (bundle?.[1]) return join(CDN_DIR, bundle[1]);
  return null;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function serveStatic(req: IncomingMessage, res: ServerResponse, file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    send(res, 404, 'Not Found');
    return;
  }
  const type = CONTENT_TYPES[/\.[a-z]+$/u.exec(file)?.[0] ?? ''] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(size), 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function sendToParent(message: ChildMessage): void {
  process.send?.(message);
}

/** Server warnings go to the parent (which prints the first few), not straight into the table's output. */
const logger: RseLogger = {
  info: () => undefined,
  warn: (message) => {
    sendToParent({ type: 'log', level: 'warn', message });
  },
  error: (message, error) => {
    const detail = error instanceof Error ? `: ${error.message}` : error === undefined ? '' : `: ${inspect(error)}`;
    sendToParent({ type: 'log', level: 'error', message: `${message}${detail}` });
  },
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, objects: { type: 'string' }, 'remove-on-exit': { type: 'string' } },
  });
  const removeOnExit = values['remove-on-exit'];
  if (!values.db) throw new Error('--db is required');
  const objects = values.objects ? (JSON.parse(readFileSync(values.objects, 'utf8')) as ObjectRegistration[]) : [];

  const app = await createRseApp({ db: values.db, dev: true, logger });
  for (const object of objects) app.registerObject(object);

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench.invalid').pathname;
    if (path === GRAPHQL_PATH || path.startsWith('/dev/')) {
      app.handler(req, res);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = req.method === 'GET' || req.method === 'HEAD' ? staticFile(path) : null;
    if (file) serveStatic(req, res, file);
    else send(res, 404, 'Not Found');
  });
  // Event streams stay open for the whole measurement; 1,000 of them must not be cut by a timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 5_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    // A backlog above Node's default 511, since the parent opens streams by the hundred.
    server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, () => {
      server.off('error', fail);
      done();
    });
  });

  let closing = false;
  const close = async (code: number): Promise<void> => {
    if (closing) return;
    closing = true;
    const stopped = new Promise<void>((done) => {
      server.close(() => {
        done();
      });
    });
    await app.close();
    server.closeAllConnections();
    await stopped;
    if (removeOnExit) rmSync(removeOnExit, { recursive: true, force: true });
    process.exit(code);
  };

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'connections') {
      server.getConnections((error, count) => {
        sendToParent({ type: 'connections', count: error ? -1 : count });
      });
    } else {
      void close(0);
    }
  });
  // The parent died or hung up: never outlive it.
  process.on('disconnect', () => void close(0));
  process.on('SIGTERM', () => void close(0));
  process.on('SIGINT', () => void close(0));

  const { port } = server.address() as AddressInfo;
  sendToParent({ type: 'listening', url: `http://127.0.0.1:${String(port)}` });
}

main().catch((error: unknown) => {
  console.error('bench server:', error);
  process.exit(1);
});
