/**
 * End to end: the demo with the keyboard only, in Chromium against the demo server and the built bundles.
 *
 * Camille opens sales order 4711 from the Fiori list (a ui5-table), reads its conversation (focus reaches
 * the messages), replies to Amira (Ctrl+Enter sends), then shares the order from the object page header to
 * the Sales floor, and finds the share in the feed. Every step uses page.keyboard only — Tab, Shift+Tab,
 * arrows, Enter, Space, typing — and is checked by its effect. Reading where the focus is (through open
 * shadow roots) is observation, not input.
 *
 * Run after `npm run build`:
 *   node --conditions=source --import tsx --test test/e2e/keyboard-walkthrough.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertSameWindow, describeOnDemo, markWindow, openAs, startRig, type DemoRig, type Person } from './demo-page.js';

/** What the focused element is, read through open shadow roots. */
interface Focus {
  /** The innermost focused element's tag, lowercase. */
  readonly tag: string;
  /** Its `part`, `role`, `aria-label` and `type` attributes, when set. */
  readonly part: string;
  readonly role: string;
  readonly label: string;
  readonly type: string;
  /** Its visible text (trimmed, at most 2,000 characters). */
  readonly text: string;
  /** The light-DOM elements and shadow hosts around it, outermost first: `tag#id[row-key]`. */
  readonly hosts: readonly string[];
}

async function focused(page: Page): Promise<Focus> {
  // No named functions inside: tsx would wrap them in a helper that does not exist in the page.
  return page.evaluate(() => {
    const around: Element[] = [];
    for (let el = document.activeElement?.parentElement ?? null; el; el = el.parentElement) around.unshift(el);
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) {
      around.push(active);
      active = active.shadowRoot.activeElement;
    }
    const hosts = around.map((el) => {
      const key = el.getAttribute('row-key');
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${key ? `[${key}]` : ''}`;
    });
    if (!active) return { tag: '', part: '', role: '', label: '', type: '', text: '', hosts };
    return {
      tag: active.tagName.toLowerCase(),
      part: active.getAttribute('part') ?? '',
      role: active.getAttribute('role') ?? '',
      label: active.getAttribute('aria-label') ?? '',
      type: active.getAttribute('type') ?? '',
      text: ((active as HTMLElement).innerText || active.textContent || '').trim().slice(0, 2000),
      hosts,
    };
  });
}

/**
 * Presses `key` (Tab by default) until the focus satisfies `wanted`, at most `max` times; fails with the
 * path the focus took, so a broken tab order says where it went.
 */
async function pressUntil(page: Page, wanted: (focus: Focus) => boolean, what: string, key = 'Tab', max = 80): Promise<Focus> {
  const path: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const focus = await focused(page);
    if (wanted(focus)) return focus;
    path.push(`${focus.hosts.slice(-2).join(' > ')} > ${focus.tag}${focus.label ? `(${focus.label})` : ''}`);
  }
  assert.fail(`${key} never reached ${what} in ${String(max)} presses; the focus went:\n${path.join('\n')}`);
}

const within = (focus: Focus, host: string): boolean => focus.hosts.some((h) => h.startsWith(host));

describeOnDemo('demo: the whole story with the keyboard only', { timeout: 90_000 }, () => {
  let rig!: DemoRig;
  let camille!: Person;
  const marker = randomUUID().slice(0, 8);
  const reply = `Confirmed with Boulanger for Friday (${marker}).`;
  const share = `Who can spare 4 units for 4711? ${marker}`;

  before(async () => {
    rig = await startRig('rse-e2e-keyboard-');
    camille = await openAs(rig.browser, rig.demo.url, 'camille', '#/orders');
    await camille.page.getByRole('button', { name: /^Sales order 4711: \d+ comments/u }).waitFor({ timeout: 5000 });
    await markWindow(camille.page);
  });

  after(async () => {
    await rig.close();
  });

  it('opens sales order 4711 from the list: Tab into the table, arrows to the row, Enter', async () => {
    const { page } = camille;
    // Tab from the top of the page to the list's first row (ui5-table puts rows in the tab order once).
    await pressUntil(
      page,
      (f) => within(f, 'ui5-table#orders-table') && (f.tag === 'ui5-table-row' || f.hosts.some((h) => h.startsWith('ui5-table-row'))),
      'a row of the order list',
    );
    // Arrows move between rows (and Home to the first); 4711 is the first order of Camille's list.
    if (!(await page.evaluate(() => document.activeElement?.getAttribute('row-key') === '4711'))) {
      // Focus is inside a cell (the link or the badge): F7 moves it to its row, then up to 4711.
      await page.keyboard.press('F7');
      for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.getAttribute('row-key') === '4711')); i += 1) {
        await page.keyboard.press('ArrowUp');
      }
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('row-key')), '4711', 'the focus is not on the row of 4711');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sales order 4711' }).waitFor({ timeout: 5000 });
    assert.equal(new URL(page.url()).hash, '#/orders/4711');
    // The shell moves focus to the new page's heading, so the next Tab starts there.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'order-title');
    await assertSameWindow(page);
  });

  it('reads the thread: Tab reaches its messages, which hold the conversation', async () => {
    const { page } = camille;
    await page.locator('rse-object-thread').getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    const messages = await pressUntil(page, (f) => within(f, 'rse-object-thread') && f.part.split(' ').includes('messages'), 'the thread’s messages');
    assert.match(messages.text, /Boulanger Lyon veut être livré/u);
    assert.match(messages.text, /Amira Haddad/u);
  });

  it('replies to Amira: her Reply button, then type and Ctrl+Enter', async () => {
    const { page } = camille;
    await pressUntil(page, (f) => within(f, 'rse-object-thread') && f.label === 'Reply to Amira Haddad', 'Amira’s Reply button');
    await page.keyboard.press('Enter');
    const composer = await focused(page);
    if (composer.tag !== 'textarea') await pressUntil(page, (f) => within(f, 'rse-object-thread') && f.tag === 'textarea', 'the composer');
    await page.keyboard.type(reply);
    await page.keyboard.press('Control+Enter');
    const replies = page.locator('rse-object-thread').getByRole('list', { name: 'Replies to Amira Haddad' });
    await replies.locator('article:not([aria-busy="true"])', { hasText: reply }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('rse-object-thread').locator('textarea').inputValue(), '');
  });

  it('shares the order from the object page header: the share sheet, Sales floor, Send', async () => {
    const { page } = camille;
    // Back up the page to the header's Share button.
    await pressUntil(page, (f) => within(f, 'rse-share-button#order-share') && f.tag === 'button', 'the header’s Share button', 'Shift+Tab');
    await page.keyboard.press('Enter');
    const sheet = page.getByRole('dialog', { name: 'Share Sales order 4711 — Boulanger Lyon' });
    await sheet.waitFor({ timeout: 5000 });
    // The sheet opens on its message.
    assert.equal((await focused(page)).tag, 'textarea');
    await page.keyboard.type(share);
    const floor = sheet.getByRole('checkbox', { name: /^Sales floor/u });
    const floorFocused = (): Promise<boolean> => floor.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement);
    for (let i = 0; i < 30 && !(await floorFocused()); i += 1) await page.keyboard.press('Tab');
    assert.equal(await floorFocused(), true, 'Tab never reached the Sales floor checkbox');
    await page.keyboard.press('Space');
    assert.equal(await floor.isChecked(), true, 'Space did not tick the Sales floor');
    await pressUntil(page, (f) => f.tag === 'button' && /^Send$/u.test(f.text), 'the Send button');
    await page.keyboard.press('Enter');
    await sheet.waitFor({ state: 'hidden', timeout: 5000 });
    await page.getByRole('status').getByText('Shared', { exact: false }).first().waitFor({ timeout: 5000 });
  });

  it('finds the share in the Sales floor feed, reached from the side navigation', async () => {
    const { page } = camille;
    await pressUntil(page, (f) => f.tag === 'a' && f.text === 'Sales floor', 'the Sales floor link', 'Shift+Tab', 120);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sales floor' }).waitFor({ timeout: 5000 });
    // The feed was open since the page loaded: the share waits behind "1 new" until the reader asks for it.
    await page.locator('rse-feed').getByRole('button', { name: '1 new' }).waitFor({ timeout: 5000 });
    await pressUntil(page, (f) => within(f, 'rse-feed') && f.tag === 'button' && /\b1 new\b/u.test(`${f.text} ${f.label}`), 'the feed’s “1 new” button');
    await page.keyboard.press('Enter');
    const item = page.locator('rse-feed').locator('article').filter({ hasText: share });
    await item.waitFor({ timeout: 5000 });
    await item.getByText('Camille Laurent').first().waitFor();
    await assertSameWindow(page);
  });

  it('runs under the strict CSP without refusals or page errors', () => {
    assert.deepEqual(camille.problems, []);
  });
});
