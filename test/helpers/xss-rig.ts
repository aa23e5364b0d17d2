/**
 * What the hostile-input suites (`test/xss/`) share: the demo server in-process on a temporary database,
 * fronted by a small server of the suites' own on one origin, and the system Chromium.
 *
 * The front server answers three things itself and proxies everything else (GraphQL, its event stream,
 * `/dev/*`, `/erp/events`, the bundle under `/rse/`) to the demo, byte for byte:
 * - `GET /xss/<file>`: the test pages of `test/xss/pages/`, each HTML page with the CSP its suite asks
 *   for (the unsafe negative-control renderer gets none, so what it injects really runs);
 * - `POST /csp-report`: CSP reports (`report-uri`), kept for the suite to read;
 * - `GET /favicon.ico`: 204, so no 404 shows up in a console that a suite reads.
 * The demo's static server only serves `demo/`, which these suites must not touch; fronting it keeps
 * pages and API on one origin, as in production, without changing the demo.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ERP_EVENTS_PATH, signErpEvent } from '@rse/server';
import { CDN_DIR, REPO_ROOT, startDemo, type DemoServer } from '../../demo/serve.js';
import { launchChromium } from './chromium.js';

/** The bundle every page runs on. */
export const BUNDLE = join(CDN_DIR, 'rse.js');
/** The suites' static pages. */
export const PAGES_DIR = join(REPO_ROOT, 'test', 'xss', 'pages');

/**
 * The policy the issue asks the elements to live under: nothing but this origin's scripts and styles,
 * Trusted Types enforced for DOM sinks, violations reported to `/csp-report`.
 */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; report-uri /csp-report";

const PAGE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Why the suites cannot run on the current bundle, or null. A stale bundle is only worth a warning. */
export function bundleProblem(): string | null {
  if (!existsSync(BUNDLE)) return `${BUNDLE} is missing: run npm run build (or node scripts/build.mjs) first.`;
  return null;
}

/** Source files newer than the bundle (a hint that it is stale), at most a few. */
export function newerThanBundle(limit = 5): string[] {
  if (!existsSync(BUNDLE)) return [];
  const built = statSync(BUNDLE).mtimeMs;
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (found.length >= limit) return;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && statSync(full).mtimeMs > built) found.push(full.slice(REPO_ROOT.length + 1));
    }
  };
  for (const pkg of ['core', 'adapter-graphql', 'elements']) walk(join(REPO_ROOT, 'packages', pkg, 'src'));
  return found;
}

/** One CSP report as received (the JSON body of a `report-uri` POST). */
export interface ReceivedReport {
  readonly contentType: string;
  readonly body: unknown;
}

/** The proxy in front of the demo. */
export interface FrontServer {
  /** Its base URL with a trailing slash. */
  readonly url: string;
  /** CSP reports received so far. */
  readonly reports: ReceivedReport[];
  close(): Promise<void>;
}

/** Which CSP header a test page gets: the strict one, except the deliberately unsafe pages. */
export type PagePolicy = (file: string) => string | null;

const defaultPolicy: PagePolicy = (file) => (file.startsWith('unsafe') ? null : STRICT_CSP);

/** Starts the front server for `demoUrl` on a free loopback port. */
export async function startFrontServer(demoUrl: string, policy: PagePolicy = defaultPolicy): Promise<FrontServer> {
  const upstream = new URL(demoUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const reports: ReceivedReport[] = [];

  const servePage = (req: IncomingMessage, res: ServerResponse, file: string): void => {
    const type = PAGE_TYPES[extname(file)];
    const full = resolve(PAGES_DIR, file);
    if (!type || file.includes('/') || file.startsWith('.') || !full.startsWith(PAGES_DIR) || !existsSync(full)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    const csp = type.startsWith('text/html') ? policy(file) : null;
    if (csp !== null) headers['Content-Security-Policy'] = csp;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : readFileSync(full));
  };

  const collectReport = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: a report that is not JSON is still a report.
      }
      reports.push({ contentType: req.headers['content-type'] ?? '', body });
      res.writeHead(204).end();
    });
  };

  const proxy = (req: IncomingMessage, res: ServerResponse): void => {
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Event streams must reach the browser as they come, not when the response ends.
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Gateway');
      else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://front.invalid').pathname;
    if (path.startsWith('/xss/') && (req.method === 'GET' || req.method === 'HEAD')) servePage(req, res, decodeURIComponent(path.slice('/xss/'.length)));
    else if (path === '/csp-report' && req.method === 'POST') collectReport(req, res);
    else if (path === '/favicon.ico') res.writeHead(204).end();
    else proxy(req, res);
  });
  server.requestTimeout = 0;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    reports,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** A demo on a temporary database, its front server and (optionally) Chromium. */
export interface XssRig {
  readonly demo: DemoServer;
  readonly front: FrontServer;
  /** Null when the rig was started without a browser. */
  readonly browser: Browser | null;
  /** A dev token for a seeded person (`camille`, `jonas`, `amira`, `lucas`, `sofia`). */
  token(person: string): Promise<string>;
  /** A raw GraphQL request through the front server, with the HTTP status. */
  graphql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  /** Posts a signed event to `/erp/events`; registers or updates the event's object card. */
  erpEvent(body: ErpEventBody): Promise<{ status: number; body: unknown }>;
  /** Closes everything opened, in reverse order; safe after a failed start. */
  close(): Promise<void>;
}

export interface GraphQLAnswer<T> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: readonly { message: string; extensions?: { code?: string } }[];
}

/** The body of `POST /erp/events` (see README). */
export interface ErpEventBody {
  readonly id: string;
  readonly object: {
    readonly system?: string;
    readonly type: string;
    readonly id: string;
    readonly title?: string;
    readonly url?: string;
    readonly fields?: readonly { readonly label: string; readonly value: string }[];
  };
  readonly text: string;
  readonly alert?: { readonly severity: 'info' | 'warning' | 'critical'; readonly feeds: readonly string[] };
}

export async function startXssRig(prefix: string, options: { readonly browser?: boolean; readonly policy?: PagePolicy } = {}): Promise<XssRig> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`${prefix}: cleanup failed`, error);
      }
    }
  };
  try {
    const dataDir = mkdtempSync(join(tmpdir(), prefix));
    cleanups.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    const demo = await startDemo({ port: 0, db: join(dataDir, 'demo.sqlite') });
    cleanups.push(() => demo.close());
    const front = await startFrontServer(demo.url, options.policy);
    cleanups.push(() => front.close());
    let browser: Browser | null = null;
    if (options.browser ?? true) {
      const launched = await launchChromium();
      browser = launched;
      cleanups.push(() => launched.close());
    }
    const tokens = new Map<string, Promise<string>>();
    const token = (person: string): Promise<string> => {
      let cached = tokens.get(person);
      if (!cached) {
        cached = (async () => {
          const response = await fetch(new URL(`/dev/token?person=${encodeURIComponent(person)}`, front.url));
          assert.equal(response.status, 200, `GET /dev/token?person=${person}`);
          return ((await response.json()) as { token: string }).token;
        })();
        tokens.set(person, cached);
      }
      return cached;
    };
    const graphql = async <T>(bearer: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> => {
      const response = await fetch(new URL('/graphql', front.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLAnswer<T>, 'status'>;
      return { status: response.status, ...body };
    };
    const erpEvent = async (event: ErpEventBody): Promise<{ status: number; body: unknown }> => {
      const body = JSON.stringify(event);
      const response = await fetch(new URL(ERP_EVENTS_PATH, front.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signErpEvent(demo.erpSecret, body) },
        body,
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    };
    return { demo, front, browser, token, graphql, erpEvent, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A run id, so that nothing left over can be mistaken for this run's data. */
export const runId = (): string => randomUUID().slice(0, 8);
