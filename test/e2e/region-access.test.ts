/**
 * End to end: the ERP decides who sees what. The demo server starts the RSE backend with `accessUrl`
 * pointing at the demo ERP's own `POST /demo/erp/access`, which answers from the ERP's data: sellers
 * and the warehouse open the sales orders of their region (Camille and Lucas Lyon, Jonas Berlin), the
 * sales manager Amira every order, everyone the products.
 *
 * Jonas shares Berlin order 4712 to the Sales floor. It reaches his feed and Amira's, and nothing of it
 * reaches Camille's: no item, no "1 new", not in a fresh read, not over GraphQL. A badge for 4712 forced
 * onto Camille's page says "0 comments" while Jonas's says "1 comment". Camille's deep link to 4712
 * gets the ERP's "Not authorized" page, and the thread mounted there says the record does not exist or
 * may not be opened. Finally, on Jonas's own window, the person picker switches to Camille: the order,
 * its feed item and its badge count go at once, and come back when it switches to Jonas again — no
 * reload, no server restart.
 *
 * The list hiding Berlin orders from Camille is the ERP's screen logic; the badge and thread for 4712 on
 * her page are rendered by the test on purpose, to show the network refusing on its own.
 *
 * Run after `npm run build`:
 *   node --conditions=source --import tsx --test test/e2e/region-access.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  assertSameWindow,
  describeOnDemo,
  LIVE_BUDGET_MS,
  markWindow,
  openAs,
  startRig,
  type DemoRig,
  type Person,
  choosePerson,
  listedOrders,
  selectListedOrder,
} from './demo-page.js';

/** A Berlin order without a seeded conversation: Jonas and Amira may open it, Camille may not. */
const BERLIN_ORDER = '4712';
const BERLIN_ORDERS = ['4712', '4714', '4717', '4719'];
const LYON_ORDERS = ['4711', '4713', '4715', '4716', '4718', '4720'];
/** What a thread says for a record that does not exist or that the viewer may not open (the same answer). */
const NOT_FOUND = 'This record does not exist or you may not open it.';
/** The id of the badge the test forces onto a page. */
const FORCED_BADGE = 'e2e-forced-badge';
/** How long a refused push is given to (wrongly) arrive, after the allowed reader got it. */
const SETTLE_MS = 1000;

/** A feed item as the test reads it over GraphQL. */
interface FeedItem {
  readonly text: string;
  readonly object: { readonly type: string; readonly id: string } | null;
}

function feedItems(page: Page): Locator {
  return page.locator('rse-feed').locator('article');
}

function thread(page: Page): Locator {
  return page.locator('rse-object-thread');
}


async function goTo(page: Page, app: 'Sales Orders' | 'Sales floor', heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Apps' }).getByRole('link', { name: app }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 5000 });
}

/**
 * Renders a badge for `orderId` on the page, whatever the ERP's screen shows: the test's stand-in for a
 * screen that forgot to filter. It asks the RSE server like any badge.
 */
async function forceBadge(page: Page, orderId: string): Promise<void> {
  await page.evaluate(
    ({ id, badgeId }) => {
      document.getElementById(badgeId)?.remove();
      const badge = document.createElement('rse-object-badge');
      badge.id = badgeId;
      badge.setAttribute('system', 'ERP');
      badge.setAttribute('object-type', 'SalesOrder');
      badge.setAttribute('object-id', id);
      badge.setAttribute('object-title', `Sales order ${id}`);
      document.getElementById('main')?.prepend(badge);
    },
    { id: orderId, badgeId: FORCED_BADGE },
  );
}

async function removeForcedBadge(page: Page): Promise<void> {
  await page.evaluate((badgeId) => document.getElementById(badgeId)?.remove(), FORCED_BADGE);
}

describeOnDemo('demo: the ERP decides who sees what', { timeout: 60_000 }, () => {
  let rig!: DemoRig;
  let camille!: Person;
  let jonas!: Person;
  let amira!: Person;
  /** Unique text of Jonas's share. */
  const marker = `e2e-${randomUUID()}`;

  before(async () => {
    rig = await startRig('rse-e2e-region-');
    [camille, jonas, amira] = await Promise.all([
      openAs(rig.browser, rig.demo.url, 'camille', '#/feed'),
      openAs(rig.browser, rig.demo.url, 'jonas', '#/orders'),
      openAs(rig.browser, rig.demo.url, 'amira', '#/feed'),
    ]);
  });

  after(async () => {
    await rig.close();
  });

  /** The Sales floor as `personId` reads it over GraphQL: object ids and texts of its items. */
  async function salesFloorOf(personId: string): Promise<FeedItem[]> {
    const tokenResponse = await fetch(new URL(`/dev/token?person=${personId}`, rig.demo.url));
    const { token } = (await tokenResponse.json()) as { token: string };
    const response = await fetch(new URL('/graphql', rig.demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ feed(feedId: "sales-floor", limit: 100) { items { text object { type id } } } }' }),
    });
    const result = (await response.json()) as { data?: { feed: { items: FeedItem[] } }; errors?: unknown };
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data?.feed.items ?? [];
  }

  it('lists each person the orders of their region only (the ERP’s own screen)', async () => {
    assert.deepEqual(await listedOrders(jonas.page), BERLIN_ORDERS);
    assert.deepEqual(await listedOrders(camille.page), LYON_ORDERS);
    assert.deepEqual(await listedOrders(amira.page), [...LYON_ORDERS, ...BERLIN_ORDERS].sort());
  });

  it(`shows Jonas's share of Berlin order ${BERLIN_ORDER} to Jonas and Amira, and nothing of it to Camille`, async (t) => {
    // Both readers' feeds are read, so their live streams listen: from now on nothing can be missed.
    await Promise.all([feedItems(camille.page).first().waitFor({ timeout: 10_000 }), feedItems(amira.page).first().waitFor({ timeout: 10_000 })]);
    const camilleBefore = await feedItems(camille.page).count();

    const { page } = jonas;
    await selectListedOrder(page, BERLIN_ORDER);
    await page.locator('#list-share').getByRole('button', { name: 'Share' }).click();
    const sheet = page.getByRole('dialog', { name: `Share Sales order ${BERLIN_ORDER} — MediaMarkt Berlin` });
    await sheet.getByRole('textbox', { name: 'Message' }).fill(`MediaMarkt Berlin wants the OLED TVs a week earlier. ${marker}`);
    await sheet.getByRole('checkbox', { name: /^Sales floor/u }).check();
    const sentAt = Date.now();
    await sheet.getByRole('button', { name: 'Send' }).click();
    await sheet.waitFor({ state: 'hidden', timeout: 5000 });

    // Amira, the sales manager, gets it live.
    await amira.page.locator('rse-feed').getByRole('button', { name: '1 new' }).click({ timeout: LIVE_BUDGET_MS + 3000 });
    await feedItems(amira.page).filter({ hasText: marker }).waitFor({ timeout: 5000 });
    t.diagnostic(`jonas → amira's feed: visible after ${String(Date.now() - sentAt)} ms`);

    // Camille gets nothing: no "new" button, no item, not even one without its text or its order.
    await camille.page.waitForTimeout(SETTLE_MS);
    assert.equal(await camille.page.locator('rse-feed').getByRole('button', { name: /new$/u }).count(), 0, 'Camille was told of a new item');
    assert.equal(await feedItems(camille.page).count(), camilleBefore, 'Camille’s feed changed');
    assert.equal(await feedItems(camille.page).filter({ hasText: marker }).count(), 0);
    // A fresh read says the same.
    await goTo(camille.page, 'Sales Orders', 'Sales Orders');
    await goTo(camille.page, 'Sales floor', 'Sales floor');
    await feedItems(camille.page).first().waitFor({ timeout: 5000 });
    assert.equal(await feedItems(camille.page).count(), camilleBefore);
    assert.equal(await feedItems(camille.page).filter({ hasText: /MediaMarkt|4712/u }).count(), 0);

    // Over GraphQL too: the item is left out whole for Camille, and there for Jonas.
    const [forCamille, forJonas] = await Promise.all([salesFloorOf('camille'), salesFloorOf('jonas')]);
    assert.ok(forJonas.some((item) => item.text.includes(marker) && item.object?.id === BERLIN_ORDER));
    assert.ok(forCamille.length > 0);
    assert.deepEqual(
      forCamille.filter((item) => item.text.includes(marker) || item.object === null || item.object.id === BERLIN_ORDER),
      [],
    );

    // Jonas's own feed has it (behind "1 new" when the feed was read before he shared).
    await goTo(page, 'Sales floor', 'Sales floor');
    const mine = feedItems(page).filter({ hasText: marker });
    const showNew = page.locator('rse-feed').getByRole('button', { name: '1 new' });
    await mine.or(showNew).first().waitFor({ timeout: 5000 });
    if (await showNew.isVisible()) await showNew.click();
    await mine.waitFor({ timeout: 5000 });
  });

  it(`counts the share on Jonas's badge for ${BERLIN_ORDER}, and not on one forced onto Camille's page`, async () => {
    await goTo(jonas.page, 'Sales Orders', 'Sales Orders');
    await jonas.page.getByRole('button', { name: `Sales order ${BERLIN_ORDER}: 1 comment` }).waitFor({ timeout: 5000 });

    await forceBadge(camille.page, BERLIN_ORDER);
    await camille.page.getByRole('button', { name: `Sales order ${BERLIN_ORDER}: 0 comments` }).waitFor({ timeout: 5000 });
    // The same badge works for an order she may open: it is the server refusing, not a broken badge.
    await forceBadge(camille.page, '4711');
    await camille.page.locator(`#${FORCED_BADGE}`).getByRole('button', { name: /^Sales order 4711: \d+ comments/u }).waitFor({ timeout: 5000 });
    await removeForcedBadge(camille.page);
  });

  it(`answers Camille's deep link to ${BERLIN_ORDER} with the ERP's "Not authorized", and a thread that does not exist for her`, async () => {
    const { page } = camille;
    await page.goto(`${rig.demo.url}?as=camille#/orders/${BERLIN_ORDER}`);
    await page.locator('html[data-ready="true"][data-as="camille"]').waitFor({ timeout: 10_000 });
    await page.getByRole('heading', { level: 1, name: 'Not authorized' }).waitFor({ timeout: 5000 });
    await page.getByText(`You are not authorized to display sales order ${BERLIN_ORDER}.`).waitFor();
    await thread(page).getByText(NOT_FOUND).waitFor({ timeout: 5000 });
    assert.equal(await page.getByText(marker).count(), 0);
    assert.equal(await page.getByRole('heading', { level: 1, name: `Sales order ${BERLIN_ORDER}` }).count(), 0);
  });

  it('hides the Berlin order’s conversation, feed item and badge count when the picker switches from Jonas to Camille, and shows them again', async () => {
    const { page } = jonas;
    await page.getByRole('link', { name: BERLIN_ORDER, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Sales order ${BERLIN_ORDER}` }).waitFor({ timeout: 5000 });
    await thread(page).getByText(marker).waitFor({ timeout: 5000 });
    await markWindow(page);

    await choosePerson(page, 'camille');
    await page.getByRole('heading', { level: 1, name: 'Not authorized' }).waitFor({ timeout: 5000 });
    await thread(page).getByText(NOT_FOUND).waitFor({ timeout: 5000 });
    assert.equal(await page.getByText(marker).count(), 0);

    await goTo(page, 'Sales floor', 'Sales floor');
    await feedItems(page).first().waitFor({ timeout: 5000 });
    assert.equal(await feedItems(page).filter({ hasText: marker }).count(), 0);

    await goTo(page, 'Sales Orders', 'Sales Orders');
    assert.deepEqual(await listedOrders(page), LYON_ORDERS);
    await forceBadge(page, BERLIN_ORDER);
    await page.locator(`#${FORCED_BADGE}`).getByRole('button', { name: `Sales order ${BERLIN_ORDER}: 0 comments` }).waitFor({ timeout: 5000 });

    // Back to Jonas: the same badge element counts the share again, the list has his orders again.
    await choosePerson(page, 'jonas');
    await page.locator(`#${FORCED_BADGE}`).getByRole('button', { name: `Sales order ${BERLIN_ORDER}: 1 comment` }).waitFor({ timeout: 5000 });
    assert.deepEqual(await listedOrders(page), BERLIN_ORDERS);
    await removeForcedBadge(page);
    await assertSameWindow(page);
  });

  it('runs under the strict CSP without refusals or page errors', () => {
    assert.deepEqual([...camille.problems, ...jonas.problems, ...amira.problems], []);
  });
});
