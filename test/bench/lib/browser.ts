import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

/** A bench page in its own browser context (own cache, own connections, own client). */
export interface BenchPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors of the page, for the report. */
  readonly problems: string[];
  close(): Promise<void>;
}

const LOAD_TIMEOUT_MS = 15_000;

/** The virtualizer's harmless resize notice (see TOOLCHAIN.md); anything else uncaught is reported. */
const HARMLESS = 'ResizeObserver loop';

/** Opens `/bench/` in a fresh context and waits until `bench.js` has loaded the bundle. */
export async function openBenchPage(browser: Browser, baseUrl: string): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => {
    if (!error.message.includes(HARMLESS)) problems.push(error.message);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes(HARMLESS)) problems.push(message.text());
  });
  try {
    await page.goto(`${baseUrl}/bench/`, { timeout: LOAD_TIMEOUT_MS });
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: LOAD_TIMEOUT_MS });
  } catch (error) {
    await context.close();
    throw new Error(`the bench page did not load${problems.length ? `: ${problems.join('; ')}` : ''}`, { cause: error });
  }
  return { context, page, problems, close: () => context.close() };
}

/**
 * Calls `window.rseBench[name](options)` in the page and returns its result. The call is sent as a
 * string on purpose: a function compiled by tsx would carry esbuild helpers (`__name`) the page lacks.
 */
export function callBench<T>(page: Page, name: string, options: object, timeoutMs: number): Promise<T> {
  const expression = `window.rseBench.${name}(${JSON.stringify(options)})`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The page's own error message, without Playwright's prefix and the browser-side stack.
  const evaluated = page.evaluate<T>(expression).catch((error: unknown) => {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new Error(`rseBench.${name}: ${message.replace(/^page\.evaluate: (Error: )?/u, '')}`, { cause: error });
  });
  return Promise.race([
    evaluated,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`rseBench.${name} did not finish within ${String(timeoutMs)} ms`));
      }, timeoutMs);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}

/** What a page sent to `/graphql`, by kind. */
export interface GraphQLTraffic {
  /** POSTs whose query asks for `counts`. */
  counts: number;
  /** Event-stream subscriptions (`Accept: text/event-stream`). */
  streams: number;
  /** Every POST to `/graphql`. */
  all: number;
  /** Each finished counts request: when it was sent and when its last byte arrived (epoch ms). */
  countTimes: { sentAt: number; doneAt: number }[];
}

/** Counts the page's requests to `/graphql` from now on; call the returned function to stop. */
export function countGraphQL(page: Page): { traffic: GraphQLTraffic; stop(): void } {
  const traffic: GraphQLTraffic = { counts: 0, streams: 0, all: 0, countTimes: [] };
  const isGraphQL = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/graphql';
  const isStream = (request: Request) => (request.headers().accept ?? '').includes('text/event-stream');
  const isCounts = (request: Request) => !isStream(request) && /\bcounts\s*\(/u.test(request.postData() ?? '');
  const onRequest = (request: Request): void => {
    if (!isGraphQL(request)) return;
    traffic.all++;
    if (isStream(request)) traffic.streams++;
    else if (isCounts(request)) traffic.counts++;
  };
  const onFinished = (request: Request): void => {
    if (!isGraphQL(request) || !isCounts(request)) return;
    const timing = request.timing();
    if (timing.responseEnd >= 0 && timing.requestStart >= 0) {
      traffic.countTimes.push({ sentAt: timing.startTime + timing.requestStart, doneAt: timing.startTime + timing.responseEnd });
    }
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  return {
    traffic,
    stop: () => {
      page.off('request', onRequest);
      page.off('requestfinished', onFinished);
    },
  };
}
