/**
 * The Node side of the XSS detector of `test/xss/`: opens pages with the in-page probe
 * (`test/xss/pages/xss-probe.js`) installed in every frame, collects what the probe cannot see from
 * inside (dialogs that escaped the hooks, calls from opaque frames, navigations away), and turns the
 * probe's findings into one report that the real elements and the unsafe renderer are both judged by.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../demo/serve.js';

export const PROBE_PATH = join(REPO_ROOT, 'test', 'xss', 'pages', 'xss-probe.js');

/** Where message text lands: thread messages, feed items and cards, the unsafe renderer's divs. */
export const MESSAGE_CONTAINERS: readonly string[] = ['.message__text', '.item__text', '.card', '.msg'];
/** The only elements tokens render inside those containers (see render-tokens.ts, feed.ts). */
export const TOKEN_ELEMENTS: readonly string[] = ['strong', 'em', 'code', 'a', 'span', 'br', 'button', 'dl', 'div', 'dt', 'dd'];

/** One call of a hooked function, or a dialog that was really opened. */
export interface HookedCall {
  readonly kind: string;
  readonly args: string;
  readonly frame: string;
}

/** What the detector found on a page. Every list must be empty on a safe page. */
export interface InjectionReport {
  /** alert/prompt/confirm/print calls (hooks, the binding from opaque frames) and real dialogs. */
  readonly hooked: readonly HookedCall[];
  /** Elements with an `on*` attribute, in the document or any shadow root. */
  readonly onAttributes: readonly string[];
  /** URL attributes whose value starts with javascript:, data:, vbscript: (white space and case ignored). */
  readonly dangerousUrls: readonly string[];
  /** style attributes or elements with expression(), javascript:, -moz-binding or behavior. */
  readonly dangerousStyles: readonly string[];
  /** script, iframe, object, embed, frame, base, meta, link, style, SVG animation … not from the page itself. */
  readonly activeElements: readonly string[];
  /** Elements inside message containers that no token renders. */
  readonly unexpectedInMessages: readonly string[];
  /** Main-frame navigations after the page was ready (a meta refresh, a location change). */
  readonly navigations: readonly string[];
  /** Elements the probe looked at. */
  readonly scanned: number;
}

/** The total of everything the detector flags. */
export function violationCount(report: InjectionReport): number {
  return (
    report.hooked.length +
    report.onAttributes.length +
    report.dangerousUrls.length +
    report.dangerousStyles.length +
    report.activeElements.length +
    report.unexpectedInMessages.length +
    report.navigations.length
  );
}

/** Adds several reports up (pages of one run). */
export function mergeReports(reports: readonly InjectionReport[]): InjectionReport {
  const all = (key: Exclude<keyof InjectionReport, 'hooked' | 'scanned'>): string[] => reports.flatMap((r) => r[key]);
  return {
    hooked: reports.flatMap((r) => r.hooked),
    onAttributes: all('onAttributes'),
    dangerousUrls: all('dangerousUrls'),
    dangerousStyles: all('dangerousStyles'),
    activeElements: all('activeElements'),
    unexpectedInMessages: all('unexpectedInMessages'),
    navigations: all('navigations'),
    scanned: reports.reduce((sum, r) => sum + r.scanned, 0),
  };
}

/** One line per category with counts, then a few samples of each. */
export function describeReport(report: InjectionReport, samples = 5): string {
  const lines: string[] = [];
  for (const key of ['hooked', 'onAttributes', 'dangerousUrls', 'dangerousStyles', 'activeElements', 'unexpectedInMessages', 'navigations'] as const) {
    const list = report[key] as readonly unknown[];
    lines.push(`${key}: ${String(list.length)}`);
    for (const item of list.slice(0, samples)) lines.push(`    ${typeof item === 'string' ? item : JSON.stringify(item)}`);
  }
  lines.push(`elements scanned: ${String(report.scanned)}`);
  return lines.join('\n');
}

/** A page with the probe in every frame. */
export interface ProbedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors (uncaught exceptions) seen so far. */
  readonly errors: string[];
  /** Opens `url` and waits until the page says it is ready (`html[data-ready]`), failing on `data-error`. */
  open(url: string, timeoutMs?: number): Promise<void>;
  /** Runs the probe's detector and adds what only Node saw. */
  detect(): Promise<InjectionReport>;
  close(): Promise<void>;
}

export interface ProbedPageOptions {
  /**
   * Disable the page's CSP. The XSS suite renders with it off, so that the CSP is not what stops an
   * injection: with the policy on, an injected handler would be blocked and only the DOM checks would see
   * it; with it off, it would also run and hit the hooks.
   */
  readonly bypassCSP?: boolean;
  /** Only requests to this origin leave the browser; the rest (payloads' remote scripts) are aborted. */
  readonly origin: string;
}

export async function openProbedPage(browser: Browser, options: ProbedPageOptions): Promise<ProbedPage> {
  const context = await browser.newContext({ bypassCSP: options.bypassCSP ?? false, viewport: { width: 1400, height: 1000 } });
  const fromNode: HookedCall[] = [];
  const navigations: string[] = [];
  const errors: string[] = [];
  // Opaque frames (data: iframes) cannot reach the top frame's sink; the binding reaches us from any frame.
  await context.exposeBinding('__xssBinding', (_source, entry: HookedCall) => {
    fromNode.push({ ...entry, kind: `${entry.kind} (binding)` });
  });
  await context.addInitScript({ path: PROBE_PATH });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(options.origin) || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') void route.continue();
    else void route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  // A dialog that opened anyway got past the hooks: it counts, and is dismissed so the page goes on.
  page.on('dialog', (dialog) => {
    fromNode.push({ kind: `${dialog.type()} (real dialog)`, args: dialog.message(), frame: page.url() });
    void dialog.dismiss().catch(() => undefined);
  });
  let readyUrl: string | null = null;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && readyUrl !== null && frame.url() !== readyUrl) navigations.push(frame.url());
  });

  /** Whether `error` comes from the page navigating away after it was ready (which is then recorded). */
  const navigatedAway = async (error: unknown): Promise<boolean> => {
    if (!/context was destroyed|navigat/iu.test(String(error)) && page.url() === readyUrl) return false;
    await page.waitForLoadState().catch(() => undefined);
    // The navigation event may trail the destroyed context a little.
    for (let i = 0; i < 20 && navigations.length === 0 && page.url() === readyUrl; i++) await page.waitForTimeout(50);
    if (navigations.length === 0 && readyUrl !== null && page.url() !== readyUrl) navigations.push(page.url());
    return navigations.length > 0;
  };

  return {
    context,
    page,
    errors,
    async open(url, timeoutMs = 15_000) {
      readyUrl = null;
      await page.goto(url);
      // From here on, a main-frame navigation is something the page's content did.
      readyUrl = page.url();
      try {
        // Also stop waiting when content has navigated the page away: the new document never gets ready.
        const outcome = await page.waitForFunction(
          (start) => location.href !== start || document.documentElement.dataset.ready === 'true' || document.documentElement.dataset.error !== undefined,
          readyUrl,
          { timeout: timeoutMs },
        );
        await outcome.dispose();
        if (page.url() !== readyUrl) throw new Error(`navigated away to ${page.url()}`);
        const error = await page.evaluate(() => document.documentElement.dataset.error ?? null);
        if (error !== null) throw new Error(`${url} failed: ${error}`);
      } catch (error) {
        // Content that navigated the page away (a meta refresh) is a finding for detect(), not a failure
        // here; Playwright may report the destroyed context before the navigation event arrives.
        if (!(await navigatedAway(error))) throw error;
      }
    },
    async detect() {
      const run = () =>
        page.evaluate(
          ({ containers, allowed }) =>
            (window as unknown as { __xssProbe: { detect(o: unknown): Omit<InjectionReport, 'navigations'> } }).__xssProbe.detect({
              containers,
              allowed,
            }),
          { containers: [...MESSAGE_CONTAINERS], allowed: [...TOKEN_ELEMENTS] },
        );
      let inPage: Omit<InjectionReport, 'navigations'>;
      try {
        inPage = await run();
      } catch (error) {
        // Navigated away meanwhile: what was on the page is gone; the navigation itself is reported.
        if (!(await navigatedAway(error))) throw error;
        inPage = await run();
      }
      return { ...inPage, hooked: [...inPage.hooked, ...fromNode.splice(0)], navigations: navigations.splice(0) };
    },
    async close() {
      await context.close();
    },
  };
}
