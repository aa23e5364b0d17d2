/**
 * The elements live under a strict Content Security Policy with Trusted Types:
 *
 *   default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; report-uri /csp-report
 *
 * (stricter than the demo's own policy in one way: no `img-src data:`). A test page served with it on the
 * demo's origin renders every element from the built bundle — two threads (order 4711's seeded
 * conversation with mentions, hashtags, object references and emphasis; and a product full of hostile
 * messages, every older page loaded), the Sales floor feed, the share button with its sheet open and the
 * @mention suggestions showing, and three badges — with zero violations: none in the page's
 * `securitypolicyviolation` events (the probe's listener, installed before any page script, and the
 * page's own), none posted to `/csp-report`, and no CSP or Trusted Types refusal in the console. The
 * elements must also have really rendered: their text is checked.
 *
 * So that "zero" means something, a control page served with the same policy breaks it on purpose (an
 * inline style, an inline script, innerHTML under Trusted Types): both collectors must see that.
 *
 *   npm run build && node --conditions=source --import tsx --test test/xss/csp.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import type { ConsoleMessage } from 'playwright-core';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import type { RseAdapter } from '@rse/core';
import { openProbedPage, type ProbedPage } from '../helpers/xss-detector.js';
import { payloadGroups, refusalReason } from '../helpers/xss-payloads.js';
import { bundleProblem, runId, startXssRig, STRICT_CSP, type ReceivedReport, type XssRig } from '../helpers/xss-rig.js';

/** The sales manager: the demo's ERP lets her open every order (sellers see their region's only). */
const VIEWER = 'amira';
const FEED = 'sales-floor';
const ORDER = { system: 'ERP', type: 'SalesOrder', id: '4711', title: 'Sales order 4711' } as const;
/** Ordinary markup: every token kind the renderers know. */
const MARKUP = 'Markup check: **bold** _italic_ `code` https://example.com/a [a link](https://example.com/b) @jonas @[Amira Haddad](amira) #csp [[ERP:SalesOrder:4711|Order 4711]]\nsecond line';

interface Violation {
  readonly directive?: string;
  readonly blockedURI?: string;
  readonly sample?: string;
  readonly source?: string;
}

/** What the page and the server saw of CSP violations. */
interface Seen {
  readonly probe: readonly Violation[];
  readonly page: readonly Violation[];
  readonly reports: readonly ReceivedReport[];
  readonly console: readonly string[];
}

const problem = bundleProblem();
if (problem !== null) {
  test('the CSP suite runs on the built bundle', () => {
    assert.fail(problem);
  });
} else {
  describe(`the elements under "${STRICT_CSP}"`, { timeout: 90_000 }, () => {
    let rig!: XssRig;
    let author: RseAdapter | undefined;
    let probed!: ProbedPage;
    const consoleProblems: string[] = [];
    const run = runId();
    const hostile: { readonly system: string; readonly type: string; readonly id: string; readonly title: string } = { system: 'ERP', type: 'Product', id: `csp-${run}`, title: `CSP check <img src=x onerror=alert(1)>` };
    /** The first payloads of every class of the repository's list, and ordinary markup. */
    const texts: string[] = [];

    before(async () => {
      rig = await startXssRig('rse-csp-');
      const poster = createGraphQLAdapter({ url: new URL('/graphql', rig.front.url).href, token: await rig.token('camille') });
      author = poster;
      const registered = await rig.erpEvent({
        id: `csp-${run}`,
        object: { ...hostile, url: '#/csp', fields: [{ label: 'Field <b>x</b>', value: `<svg onload=alert(1)>` }] },
        text: 'ERP event for the CSP check <script>alert(1)</script>',
        alert: { severity: 'critical', feeds: [FEED] },
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      texts.push(MARKUP, ...payloadGroups().flatMap((g) => g.payloads.filter((p) => refusalReason(p) === null).slice(0, 3)));
      for (const [i, text] of texts.entries()) {
        await poster.postMessage({ object: hostile, text, clientId: `csp-${run}-${String(i)}` });
        if (i % 5 === 0) {
          await poster.share({ object: hostile, text, clientId: `csp-share-${run}-${String(i)}`, intent: 'request', feedIds: [FEED], personIds: [] });
        }
      }
      assert.ok(rig.browser);
      // The policy is enforced: no bypass. The probe (an init script, exempt from CSP) collects violations
      // from before the first page script runs.
      probed = await openProbedPage(rig.browser, { origin: rig.front.url.slice(0, -1) });
      probed.page.on('console', (message: ConsoleMessage) => {
        const text = message.text();
        if (/Content[- ]Security[- ]Policy|Trusted ?Type|Refused to/iu.test(text)) consoleProblems.push(text);
      });
    });

    after(async () => {
      author?.close?.();
      // Undefined when before() failed early.
      await (probed as ProbedPage | undefined)?.close();
      await (rig as XssRig | undefined)?.close();
    });

    /** Violations seen so far by the probe, the page and the report endpoint. */
    async function seen(): Promise<Seen> {
      const inPage = await probed.page.evaluate(() => {
        const w = window as unknown as { __xssProbe: { cspViolations: Violation[] }; __pageCspViolations?: Violation[] };
        return { probe: [...w.__xssProbe.cspViolations], page: [...(w.__pageCspViolations ?? [])] };
      });
      return { ...inPage, reports: [...rig.front.reports], console: [...consoleProblems] };
    }

    it('renders the thread, the feed, the share sheet and the badges with zero CSP or Trusted Types violations', async (t) => {
      const { page } = probed;
      const cfg = {
        as: VIEWER,
        threads: [ORDER, hostile],
        feed: { feedId: FEED },
        share: ORDER,
        badges: [ORDER, { ...ORDER, id: '4712', title: 'Sales order 4712' }, hostile],
      };
      const started = Date.now();
      await probed.open(`${rig.front.url}xss/render.html?cfg=${encodeURIComponent(JSON.stringify(cfg))}`);
      await page.waitForFunction(
        () => {
          const s = (window as unknown as { __xssProbe: { status(): { threads: { list?: boolean; busy?: boolean }[]; feeds: { list?: boolean; busy?: boolean }[] } } }).__xssProbe.status();
          return [...s.threads, ...s.feeds].every((e) => e.list === true && e.busy !== true);
        },
        undefined,
        { timeout: 15_000 },
      );
      const expanded = await page.evaluate(() => (window as unknown as { __xssProbe: { expandAll(): Promise<{ done: boolean }> } }).__xssProbe.expandAll());
      assert.ok(expanded.done, 'older pages did not finish loading');

      // The thread: the seeded conversation and the markup, rendered as text and tokens.
      const threads = page.locator('rse-object-thread');
      await threads.nth(0).getByText('Boulanger Lyon veut être livré', { exact: false }).waitFor({ timeout: 5000 });
      // Posted, and shared too: the thread shows it twice.
      const markup = threads.nth(1).locator('.message__text').filter({ hasText: 'Markup check:' }).first();
      await markup.waitFor({ timeout: 5000 });
      assert.equal(await markup.locator('strong').innerText(), 'bold');
      assert.equal(await markup.locator('a[href="https://example.com/b"]').count(), 1);
      await threads.nth(1).getByText('<img src=x onerror=alert(1)>', { exact: true }).first().waitFor({ timeout: 5000 });
      // The feed: items with their cards.
      const feed = page.locator('rse-feed');
      await feed.locator('article').first().waitFor({ timeout: 5000 });
      await feed.locator('article').filter({ hasText: 'ERP event for the CSP check <script>alert(1)</script>' }).waitFor({ timeout: 5000 });
      assert.ok((await feed.locator('article').count()) >= 3);
      // The badges: an accessible count ("… comments …").
      const badges = page.locator('rse-object-badge');
      await badges.nth(0).getByRole('button', { name: /comment/iu }).waitFor({ timeout: 5000 });
      await badges.nth(2).getByRole('button', { name: /comment/iu }).waitFor({ timeout: 5000 });
      // The share button: open its sheet and bring up the @mention suggestions.
      await page.locator('rse-share-button').getByRole('button', { name: /Share/u }).click();
      const sheet = page.getByRole('dialog', { name: /^Share Sales order 4711/u });
      await sheet.waitFor({ timeout: 5000 });
      const message = sheet.getByRole('textbox', { name: 'Message' });
      await message.pressSequentially('CSP check @Jon');
      await sheet.getByRole('option', { name: /Jonas Weber/u }).waitFor({ timeout: 5000 });
      assert.equal(await sheet.isVisible(), true);
      const renderedMs = Date.now() - started;

      // Reports travel to /csp-report on their own schedule: give them a moment before concluding none came.
      await page.waitForTimeout(1500);
      const result = await seen();
      t.diagnostic(
        `rendered and interacted in ${String(renderedMs)} ms; ${String(texts.length)} messages on the hostile object; violations: probe ${String(result.probe.length)}, page ${String(result.page.length)}, reports ${String(result.reports.length)}, console ${String(result.console.length)}`,
      );
      assert.deepEqual(result.probe, [], 'securitypolicyviolation events (probe)');
      assert.deepEqual(result.page, [], 'securitypolicyviolation events (page listener)');
      assert.deepEqual(result.reports, [], 'reports posted to /csp-report');
      assert.deepEqual(result.console, [], 'CSP or Trusted Types refusals in the console');
      assert.deepEqual(probed.errors.filter((e) => !e.includes('ResizeObserver loop')), [], 'page errors');
    });

    it('CONTROL: the same collectors see a page that breaks the policy on purpose', async (t) => {
      const reportsBefore = rig.front.reports.length;
      await probed.open(`${rig.front.url}xss/csp-violate.html`);
      const deadline = Date.now() + 10_000;
      while (rig.front.reports.length - reportsBefore < 3 && Date.now() < deadline) await probed.page.waitForTimeout(100);
      const result = await seen();
      const reports = result.reports.slice(reportsBefore);
      const directives = reports.map((r) => {
        const body = r.body as { 'csp-report'?: { 'effective-directive'?: string; 'violated-directive'?: string } };
        return body['csp-report']?.['effective-directive'] ?? body['csp-report']?.['violated-directive'] ?? '?';
      });
      t.diagnostic(`control page: ${String(result.probe.length)} violation events (${result.probe.map((v) => v.directive ?? '?').join(', ')}); ${String(reports.length)} reports (${directives.join(', ')})`);
      assert.ok(result.probe.length >= 3, 'the probe missed violations of the control page');
      assert.ok(result.probe.some((v) => v.directive === 'require-trusted-types-for'), 'no Trusted Types violation event');
      assert.ok(reports.length >= 1, 'no report reached /csp-report');
      assert.ok(directives.some((d) => d.startsWith('script-src')), 'no script-src report');
      assert.ok(result.console.length > 0, 'the console listener missed the refusals');
    });
  });
}
