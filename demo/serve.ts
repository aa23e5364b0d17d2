/**
 * The demo: one HTTP server that hosts the reference RSE backend in dev mode (GraphQL, its event stream
 * and the `/dev/*` helpers) beside a static Fiori-like sales-order page that loads the built CDN bundle.
 *
 * Run `npm start` (it builds first), or `node --conditions=source --import tsx demo/serve.ts [--port N]`.
 * Tests start it in-process with {@link startDemo}.
 *
 * @module
 */
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRseApp, GRAPHQL_PATH } from '@rse/server';

/** The repository root: paths below never depend on the working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The page, its stylesheet and its script. */
const DEMO_DIR = join(REPO_ROOT, 'demo');
/** The self-contained bundle built by `npm run build`, served under `/rse/`. */
export const CDN_DIR = join(REPO_ROOT, 'packages', 'elements', 'dist', 'cdn');
/** The database `npm start` uses; kept between runs so a conversation survives a restart. */
export const DEFAULT_DB = join(REPO_ROOT, '.data', 'demo.sqlite');
const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';
/** How long open connections get to finish after close before they are cut. */
const CLOSE_GRACE_MS = 1000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A strict policy, so the demo proves the bundle needs neither inline code nor `eval`: scripts and styles
 * from this origin only, no plugins, no framing, and Trusted Types enforced for DOM sinks (Lit brings its
 * own policy for templates).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

/** What {@link startDemo} takes. */
export interface DemoOptions {
  /** TCP port; `0` picks a free one (tests). Default 8080. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1: the dev token endpoint must never face a network. */
  readonly host?: string;
  /** SQLite file (absolute, or relative to the repository root). Default `.data/demo.sqlite`. */
  readonly db?: string;
}

/** A running demo. */
export interface DemoServer {
  /** Its base URL with a trailing slash, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** Ends open event streams, stops listening and closes the database. */
  close(): Promise<void>;
}

/** Starts the backend and the page on one port. */
export async function startDemo(options: DemoOptions = {}): Promise<DemoServer> {
  const host = options.host ?? DEFAULT_HOST;
  const db = resolve(REPO_ROOT, options.db ?? DEFAULT_DB);
  mkdirSync(dirname(db), { recursive: true });
  const app = await createRseApp({ db, dev: true });

  const server = createServer((req, res) => {
    route(req, res, (q, r) => {
      app.handler(q, r);
    }).catch((error: unknown) => {
      console.error('RSE demo: request failed', error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  // Event streams stay open for minutes; no idle timeout should cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}/`;

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((done) => {
          server.close(() => {
            done();
          });
        });
        // The app first: it completes its event streams, so browsers are told rather than cut off.
        await app.close();
        server.closeIdleConnections();
        // Then a short grace for responses in flight before the remaining sockets are cut.
        const grace = setTimeout(() => {
          server.closeAllConnections();
        }, CLOSE_GRACE_MS);
        grace.unref();
        await stopped;
        clearTimeout(grace);
      })();
      return closing;
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function route(req: IncomingMessage, res: ServerResponse, api: Handler): Promise<void> {
  const path = pathnameOf(req.url);
  if (path === null) {
    sendText(res, 400, 'Bad Request');
    return;
  }
  // The backend's own endpoints: GraphQL (its event stream is the same path with
  // `Accept: text/event-stream`) and the dev-only people list and token issuer.
  if (path === GRAPHQL_PATH || path.startsWith(`${GRAPHQL_PATH}/`) || path.startsWith('/dev/')) {
    api(req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method Not Allowed');
    return;
  }
  const inBundle = path.startsWith('/rse/');
  const found = inBundle
    ? await locate(CDN_DIR, path.slice('/rse/'.length))
    : await locate(DEMO_DIR, path === '/' ? 'index.html' : path.slice(1));
  if (!found) {
    const bundleMissing = inBundle && !existsSync(join(CDN_DIR, 'rse.js'));
    sendText(res, 404, bundleMissing ? 'Not Found: the bundle is missing; run npm run build' : 'Not Found');
    return;
  }
  await sendFile(req, res, found);
}

/** The decoded path of a request URL, or null when it cannot be decoded safely. */
function pathnameOf(url: string | undefined): string | null {
  try {
    const path = decodeURIComponent(new URL(url ?? '/', 'http://demo.invalid').pathname);
    return path.includes('\0') ? null : path;
  } catch {
    return null;
  }
}

interface StaticFile {
  readonly path: string;
  readonly size: number;
  readonly type: string;
}

/**
 * `relativePath` inside `root`, and only inside it: no `..`, no symlink out, no dotfile, and only the
 * types of {@link CONTENT_TYPES} (so `serve.ts` itself is never served). Null when there is no such file.
 */
async function locate(root: string, relativePath: string): Promise<StaticFile | null> {
  const type = CONTENT_TYPES[extname(relativePath).toLowerCase()];
  if (!type || relativePath.split(/[\\/]/u).some((segment) => segment.startsWith('.'))) return null;
  const candidate = resolve(root, relativePath);
  if (!isInside(root, candidate)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return null;
    const info = await stat(realFile);
    return info.isFile() ? { path: realFile, size: info.size, type } : null;
  } catch {
    return null;
  }
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', file.type);
  res.setHeader('Content-Length', String(file.size));
  // A demo is edited and rebuilt while it runs: always revalidate.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (file.type.startsWith('text/html')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(file.path);
    stream.once('error', fail);
    res.once('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(text);
}

/** `--port N`, `--port=N`, then `PORT`, then 8080. */
function portFromCommandLine(argv: readonly string[]): number {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--port') value = argv[i + 1];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
  });
  value ??= process.env.PORT;
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Invalid port: ${value}`);
  return port;
}

async function main(): Promise<void> {
  if (!existsSync(join(CDN_DIR, 'rse.js'))) {
    console.warn('RSE demo: packages/elements/dist/cdn/rse.js is missing; run npm run build first.');
  }
  const demo = await startDemo({ port: portFromCommandLine(process.argv.slice(2)) });
  console.log(`RSE demo: ${demo.url}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
