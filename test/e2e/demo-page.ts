/**
 * What the demo's end-to-end suites share: a temporary demo server and Chromium, one browser context
 * per person with the page's CSP refusals and errors collected, and axe.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { CDN_DIR, startDemo, type DemoServer } from '../../demo/serve.js';
import { launchChromium } from '../helpers/chromium.js';

/** The promise of the product: a colleague's message shows up this fast, without a reload. */
export const LIVE_BUDGET_MS = 2000;
/** The bundle the demo runs on; the suites fail at once, and say why, when it was not built. */
export const BUNDLE = join(CDN_DIR, 'rse.js');
const bundleBuilt = (): boolean => existsSync(BUNDLE);

/**
 * `describe` for a suite that drives the demo on the built bundle. Without the bundle, one failing test
 * says to build it, instead of every test of the suite failing on a missing file.
 */
export function describeOnDemo(name: string, options: { readonly timeout: number }, suite: () => void): void {
  if (!bundleBuilt()) {
    test('the demo runs on the built bundle', () => {
      assert.fail(`${BUNDLE} is missing: run npm run build before the end-to-end tests.`);
    });
    return;
  }
  describe(name, options, suite);
}

/** A demo server on a free port with a database of its own, and a Chromium. */
export interface DemoRig {
  readonly demo: DemoServer;
  readonly browser: Browser;
  /** Closes everything opened so far, in reverse order; safe after a failed start. */
  close(): Promise<void>;
}

export async function startRig(prefix: string): Promise<DemoRig> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const dataDir = mkdtempSync(join(tmpdir(), prefix));
    cleanups.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    const demo = await startDemo({ port: 0, db: join(dataDir, 'demo.sqlite') });
    cleanups.push(() => demo.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    return { demo, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One person's window on the demo. */
export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console output that means the page broke: CSP or Trusted Types refusals, uncaught errors. */
  readonly problems: string[];
}

export interface OpenOptions {
  /** For axe only: it is injected as an inline script, which the page's CSP rightly refuses. */
  readonly bypassCSP?: boolean;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** Opens `/?as=<person><hash>` in a new context and waits until the page is connected as them. */
export async function openAs(browser: Browser, baseUrl: string, personId: string, hash: string, options: OpenOptions = {}): Promise<Person> {
  const context = await browser.newContext({
    bypassCSP: options.bypassCSP ?? false,
    viewport: options.viewport ?? { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy|Trusted ?Type|Refused to/iu.test(text)) problems.push(`console: ${text}`);
  });
  await page.goto(`${baseUrl}?as=${personId}${hash}`);
  await page.locator(`html[data-ready="true"][data-as="${personId}"]`).waitFor({ timeout: 10_000 });
  return { context, page, problems };
}

/** Marks the window, so a later check can prove that no reload or navigation away happened. */
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { e2eMarker: string }).e2eMarker = 'still here';
  });
}

export async function assertSameWindow(page: Page): Promise<void> {
  assert.equal(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker), 'still here', 'the page reloaded');
}

/** axe-core's browser build, when it is installed (it comes with @open-wc/testing's chai-a11y-axe). */
export function axeSource(): string | null {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
}

/** One axe violation, as the suites report it. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/**
 * Violations that are UI5's own, each for one rule on one node inside a UI5 component's shadow root, which
 * the demo's markup cannot reach. Only that rule on that node is ignored; the rule still runs everywhere else.
 */
const UI5_OWN_VIOLATIONS: readonly { readonly rule: string; readonly target: string; readonly why: string }[] = [
  {
    rule: 'empty-table-header',
    target: JSON.stringify(['#orders-table > ui5-table-header-row', '#selection-cell']),
    why:
      'ui5-table-selection-single gives the header row an empty selection column header (there is no "select all" in single ' +
      'selection) and offers no way to label it; the row radios themselves are labelled.',
  },
];

/** Runs axe on the whole document (open shadow roots included) of a page opened with `bypassCSP`. */
export async function runAxe(page: Page, source: string): Promise<AxeViolation[]> {
  const violations = await runAxeRaw(page, source);
  return violations
    .map((v) => ({
      ...v,
      nodes: v.nodes.filter((node) => !UI5_OWN_VIOLATIONS.some((known) => known.rule === v.id && node.startsWith(`[${known.target}]`))),
    }))
    .filter((v) => v.nodes.length > 0);
}

async function runAxeRaw(page: Page, source: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    }
    const { axe } = window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } };
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
}

export function assertNoViolations(violations: readonly AxeViolation[], where: string): void {
  assert.ok(violations.length === 0, `axe found ${String(violations.length)} violation(s) on ${where}:\n${JSON.stringify(violations, null, 2)}`);
}

/** Picks a person in the shell bar's "Signed in as" select (a ui5-select), as a user does: open it, choose. */
export async function choosePerson(page: Page, personId: string): Promise<void> {
  await page.locator('#person').click();
  await page.locator(`#person ui5-option[value="${personId}"]`).click();
  await page.locator(`html[data-as="${personId}"]`).waitFor({ timeout: 5000 });
}

/** The person the shell bar's select shows. */
export async function shownPerson(page: Page): Promise<string> {
  return page.locator('#person').evaluate((select) => (select as HTMLElement & { value?: string }).value ?? '');
}

/** The order ids of the sales order list (a ui5-table), in list order. */
export async function listedOrders(page: Page): Promise<(string | undefined)[]> {
  return page.locator('#orders-table ui5-table-row').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.order));
}

/** Selects an order in the list for sharing: the radio button of its ui5-table row. */
export async function selectListedOrder(page: Page, orderId: string): Promise<void> {
  await page.locator(`#orders-table ui5-table-row[row-key="${orderId}"]`).getByRole('radio').click();
  await page.getByText(`Sales order ${orderId} selected`).waitFor({ timeout: 5000 });
}
