/**
 * The demo: one HTTP server that hosts the reference RSE backend in dev mode (GraphQL, its event stream,
 * the signed ERP endpoint and the `/dev/*` helpers) beside a static Fiori-like shell that loads the built
 * CDN bundle, and plays the ERP back end behind it:
 *
 * - `GET /demo/erp/products` — the simulated ERP's stock levels;
 * - `POST /demo/erp/stock-out` `{ "product": "TV-LCD-55" }` — sells the last unit; the simulated ERP
 *   signs an out-of-stock alert with the ERP secret and posts it to its own `/erp/events` over loopback,
 *   so the page triggers the real signed endpoint without ever holding the secret;
 * - `POST /demo/reset` — closes the backend, deletes the demo database and starts over with fresh seed data;
 * - `POST /demo/erp/access` — the simulated ERP answers the RSE server's access questions
 *   (`{"personId","objects":[…]}` → `{"canOpen":[…]}`, the `HttpAccessPolicy` protocol) from its own data:
 *   sellers and the warehouse open the sales orders of their region, the sales manager every order,
 *   everyone the products. The backend is started with `accessUrl` pointing here, over loopback, so the
 *   network shows a conversation only to people the ERP would show its record to.
 *
 * The stock-out and reset routes take JSON only and refuse other origins: a web page elsewhere cannot
 * reset the demo behind its user's back (a cross-site form post carries neither). The access route is
 * for the RSE server only: it answers calls signed with the ERP secret, nothing else.
 *
 * Run `npm start` (it builds first), or `node --conditions=source --import tsx demo/serve.ts [--port N]`.
 * Tests start it in-process with {@link startDemo}.
 *
 * @module
 */
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { realpath, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeGracefully, createRseApp, DEV_ERP_SECRET, ERP_SECRET_ENV, GRAPHQL_PATH, type RseApp } from '@rse/server';
import { ACCESS_PATH, DemoErp, ErpActionError, MAX_ACCESS_BODY, parseAccessQuestion } from './erp-backend.js';

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
/** Hosts that listen on every interface: the RSE server reaches the demo ERP over loopback then. */
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['', '0.0.0.0', '::']);
/**
 * The secret the demo's ERP signs its events with: `RSE_ERP_SECRET`, else the server's public dev default.
 * The demo hands the same value to the server, so both ends always agree.
 */
// An empty variable (as CI templates leave it) means the default too, hence `||`.
// eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
const DEMO_ERP_SECRET = process.env[ERP_SECRET_ENV] || DEV_ERP_SECRET;
/**
 * How long the RSE server waits for the demo ERP's access answer. The ERP answers from this very process,
 * so a slow answer only means a starved CPU (browsers and tests on a small machine); 2 s rather than the
 * default 1.5 s, with the default 3 s cache, still sees a withdrawn right within the promised 5 s.
 */
const ACCESS_TIMEOUT_MS = 2000;
/** Bodies of the demo's own routes are a few bytes; anything larger is refused unread. */
const MAX_DEMO_BODY = 4096;

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
  /** The secret shared by the server and the demo's ERP. Default `RSE_ERP_SECRET`, else `dev-erp-secret`. */
  readonly erpSecret?: string;
}

/** A running demo. */
export interface DemoServer {
  /** Its base URL with a trailing slash, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** The ERP secret the server verifies `/erp/events` with (tests sign their own events with it). */
  readonly erpSecret: string;
  /** What `POST /demo/reset` does: closes the backend, deletes the database and starts a fresh one. */
  reset(): Promise<void>;
  /** Ends open event streams, stops listening and closes the database. */
  close(): Promise<void>;
}

/** Starts the backend and the page on one port. */
export async function startDemo(options: DemoOptions = {}): Promise<DemoServer> {
  const host = options.host ?? DEFAULT_HOST;
  const db = resolve(REPO_ROOT, options.db ?? DEFAULT_DB);
  const erpSecret = options.erpSecret ?? DEMO_ERP_SECRET;
  mkdirSync(dirname(db), { recursive: true });
  let url = '';
  /** The demo ERP's access endpoint on this very server; known once it listens. */
  let accessUrl = '';
  const open = (): Promise<RseApp> => createRseApp({ db, dev: true, erpSecret, accessUrl, accessTimeoutMs: ACCESS_TIMEOUT_MS });
  /**
   * The backend; replaced by a reset, during which requests wait for the new one. It starts once the
   * demo listens, since its access policy calls the demo's own port, and requests wait for it until then.
   */
  let startBackend: (backend: Promise<RseApp>) => void = () => undefined;
  let app = new Promise<RseApp>((resolveApp) => {
    startBackend = resolveApp;
  });
  const erp = new DemoErp(erpSecret, () => url);

  const reset = (): Promise<void> => {
    const previous = app;
    const next = (async () => {
      // A backend that failed to start has nothing to close; a reset is how to recover from it.
      await (await previous.catch(() => null))?.close();
      // The WAL and shared-memory files too: a fresh database must not replay the old journal.
      await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${db}${suffix}`, { force: true })));
      erp.reset();
      return open();
    })();
    app = next;
    return next.then(() => undefined);
  };

  let hosts: ReadonlySet<string> = new Set();
  const demoRoutes: DemoRoutes = { erp, reset, hosts: () => hosts };
  const server = createServer((req, res) => {
    route(req, res, demoRoutes, (q, r) => {
      app.then(
        (current) => {
          current.handler(q, r);
        },
        (error: unknown) => {
          console.error('RSE demo: the backend did not start', error);
          sendText(r, 503, 'Service Unavailable');
        },
      );
    }).catch((error: unknown) => {
      console.error('RSE demo: request failed', error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  // Event streams stay open for minutes; no idle timeout should cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}/`;
  hosts = new Set([new URL(url).host, ...['localhost', '127.0.0.1', '[::1]'].map((name) => `${name}:${String(port)}`)]);
  // Plain http is accepted for an access URL on loopback only, which is where the demo listens by default.
  accessUrl = new URL(ACCESS_PATH, WILDCARD_HOSTS.has(host) ? `http://127.0.0.1:${String(port)}/` : url).href;
  startBackend(open());
  try {
    await app;
  } catch (error) {
    await new Promise<void>((closed) => {
      server.close(() => {
        closed();
      });
      server.closeAllConnections();
    });
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    erpSecret,
    reset,
    close() {
      // The app (whichever a reset left running) ends its event streams first, so browsers are told.
      closing ??= closeGracefully(server, async () => (await app.catch(() => null))?.close());
      return closing;
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What the demo's own routes act on. */
interface DemoRoutes {
  readonly erp: DemoErp;
  readonly reset: () => Promise<void>;
  /** The `Host` values the demo answers to: its address and the loopback names, with its port. */
  readonly hosts: () => ReadonlySet<string>;
}

async function route(req: IncomingMessage, res: ServerResponse, demo: DemoRoutes, api: Handler): Promise<void> {
  const path = pathnameOf(req.url);
  if (path === null) {
    sendText(res, 400, 'Bad Request');
    return;
  }
  // The backend's own endpoints: GraphQL (its event stream is the same path with
  // `Accept: text/event-stream`), the signed ERP event endpoint, and the dev-only people list and token issuer.
  if (path === GRAPHQL_PATH || path.startsWith(`${GRAPHQL_PATH}/`) || path.startsWith('/dev/') || path.startsWith('/erp/')) {
    api(req, res);
    return;
  }
  if (path.startsWith('/demo/')) {
    await demoRoute(req, res, path, demo);
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

/** `/demo/*`: the simulated ERP's actions and the reset. */
async function demoRoute(req: IncomingMessage, res: ServerResponse, path: string, demo: DemoRoutes): Promise<void> {
  const allowed =
    path === '/demo/erp/products' ? 'GET, HEAD' : path === '/demo/erp/stock-out' || path === '/demo/reset' || path === ACCESS_PATH ? 'POST' : null;
  if (allowed === null) {
    sendText(res, 404, 'Not Found');
    return;
  }
  if (!allowed.split(', ').includes(req.method ?? '')) {
    res.setHeader('Allow', allowed);
    sendText(res, 405, 'Method Not Allowed');
    return;
  }
  if (path === '/demo/erp/products') {
    sendJson(res, 200, { products: demo.erp.list() });
    return;
  }
  if (path === ACCESS_PATH) {
    await accessRoute(req, res, demo.erp);
    return;
  }
  // State-changing routes: same origin and JSON only, which a cross-site form or simple fetch cannot send.
  if (!sameOrigin(req, demo.hosts())) {
    sendJson(res, 403, { error: 'Cross-origin requests are refused.' });
    return;
  }
  if (!/^application\/json\s*(;|$)/iu.test(req.headers['content-type'] ?? '')) {
    sendJson(res, 415, { error: 'Send application/json.' });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, MAX_DEMO_BODY)).toString('utf8'));
  } catch {
    sendJson(res, 400, { error: 'The body is not JSON of at most 4 KiB.' });
    return;
  }
  if (path === '/demo/reset') {
    await demo.reset();
    sendJson(res, 200, { reset: true });
    return;
  }
  const product = typeof body === 'object' && body !== null && 'product' in body ? body.product : undefined;
  if (typeof product !== 'string') {
    sendJson(res, 400, { error: 'Name the product: { "product": "TV-LCD-55" }.' });
    return;
  }
  try {
    const outcome = await demo.erp.stockOut(product);
    // 201 when the RSE server stored the alert; otherwise its refusal, so the page can say what happened.
    const ok = outcome.status === 201;
    sendJson(res, ok ? 201 : 502, { ...outcome, published: ok });
  } catch (error) {
    if (!(error instanceof ErpActionError)) throw error;
    sendJson(res, error.status, { error: error.message });
  }
}

/**
 * `POST /demo/erp/access`: the RSE server asks which of some objects a person may open, and the demo ERP
 * answers `{"canOpen": [booleans]}` in the order asked. Its caller is a server, not a page, so instead of
 * the same-origin check it must sign the call with the ERP secret (as the RSE server does with its
 * `erpSecret`): an unsigned caller would learn who may open what. Any error status makes the RSE server
 * refuse access (it fails closed).
 */
async function accessRoute(req: IncomingMessage, res: ServerResponse, erp: DemoErp): Promise<void> {
  if (!/^application\/json\s*(;|$)/iu.test(req.headers['content-type'] ?? '')) {
    sendJson(res, 415, { error: 'Send application/json.' });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_ACCESS_BODY);
  } catch {
    sendJson(res, 413, { error: 'The question is larger than 256 KiB.' });
    return;
  }
  const problem = erp.accessSignatureProblem(singleHeader(req, 'x-rse-timestamp'), singleHeader(req, 'x-rse-signature'), body);
  if (problem !== null) {
    sendJson(res, 401, { error: problem });
    return;
  }
  let question: ReturnType<typeof parseAccessQuestion> = null;
  try {
    question = parseAccessQuestion(JSON.parse(body.toString('utf8')));
  } catch {
    // Not JSON: answered below like any other malformed question.
  }
  if (question === null) {
    sendJson(res, 400, { error: 'Ask {"personId": "…", "objects": [{"system": "ERP", "type": "…", "id": "…"}]} (at most 500 objects).' });
    return;
  }
  sendJson(res, 200, { canOpen: erp.canOpen(question) });
}

/** A request header sent once, else `undefined`. */
function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether a request comes from the demo's own pages: a `Host` the demo answers to (which a DNS-rebound
 * name is not) and, when the browser sends one, an `Origin` on that same host.
 */
function sameOrigin(req: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const host = req.headers.host ?? '';
  if (!hosts.has(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

/** The request body's bytes, refused past `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new RangeError('Body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(JSON.stringify(body));
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
