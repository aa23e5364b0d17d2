/**
 * End to end: axe on every screen of the demo shell — the sales order list, an order's object page, the
 * ERP's "Not authorized" page for an order of another region, the Sales floor feed and the inventory —
 * with the RSE elements loaded and connected (their shadow DOM is checked too), plus a product's details,
 * the share sheet and the reset confirmation open. Zero violations is the bar.
 *
 * axe is injected as an inline script, which the page's CSP rightly refuses: these contexts bypass it.
 * The CSP itself is held by the other suites.
 *
 * Run after `npm run build`:
 *   node --conditions=source --import tsx --test test/e2e/demo-a11y.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, it, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoViolations, axeSource, describeOnDemo, openAs, runAxe, startRig, type DemoRig, type Person, selectListedOrder } from './demo-page.js';

const axe = axeSource();

/** Navigates by the shell's own links, as a user would, and waits for the screen's heading. */
async function goTo(page: Page, app: 'Sales Orders' | 'Sales floor' | 'Inventory', heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Apps' }).getByRole('link', { name: app }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 5000 });
}

if (!axe) {
  test('axe on the demo screens', { skip: 'axe-core is not installed: add it to the root devDependencies' }, () => undefined);
} else {
  describeOnDemo('demo: every screen passes axe', { timeout: 60_000 }, () => {
    let rig!: DemoRig;
    let reader!: Person;

    before(async () => {
      rig = await startRig('rse-e2e-a11y-');
      reader = await openAs(rig.browser, rig.demo.url, 'camille', '#/orders', { bypassCSP: true });
    });

    after(async () => {
      await rig.close();
    });

    it('the sales order list, with its badges loaded and a row selected', async () => {
      const { page } = reader;
      await page.getByRole('button', { name: /^Sales order 4711: \d+ comments/u }).waitFor({ timeout: 5000 });
      await selectListedOrder(page, '4713');
      assertNoViolations(await runAxe(page, axe), 'the sales order list');
    });

    it('the share sheet opened from the list toolbar', async () => {
      const { page } = reader;
      await page.locator('#list-share').getByRole('button', { name: 'Share' }).click();
      const sheet = page.getByRole('dialog', { name: /^Share Sales order 4713/u });
      await sheet.getByRole('checkbox', { name: /^Sales floor/u }).waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the share sheet');
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'hidden' });
    });

    it('the sales order object page, its thread loaded', async () => {
      const { page } = reader;
      await page.getByRole('link', { name: '4711', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Sales order 4711' }).waitFor({ timeout: 5000 });
      await page.locator('rse-object-thread').getByText('Boulanger Lyon veut être livré', { exact: false }).waitFor({ timeout: 5000 });
      await page.locator('rse-object-thread').getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
      assertNoViolations(await runAxe(page, axe), 'the object page of 4711');
    });

    it('the “Not authorized” page of an order from another region, its refused thread beside it', async () => {
      const { page } = reader;
      // Camille sells in Lyon; 4712 is a Berlin order. A deep link, as from an e-mail.
      await page.evaluate(() => {
        location.hash = '#/orders/4712';
      });
      await page.getByRole('heading', { level: 1, name: 'Not authorized' }).waitFor({ timeout: 5000 });
      await page.locator('rse-object-thread').getByText('does not exist or you may not open it', { exact: false }).waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the “Not authorized” page of 4712');
    });

    it('the Sales floor feed', async () => {
      const { page } = reader;
      await goTo(page, 'Sales floor', 'Sales floor');
      await page.locator('rse-feed').locator('article').first().waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the Sales floor');
      await page.locator('rse-feed').getByRole('radio', { name: 'Requests' }).check();
      await page.locator('rse-feed').locator('article').first().waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the Sales floor, Requests filter');
    });

    it('the inventory, before and after the ERP reports a product out of stock', async () => {
      const { page } = reader;
      await goTo(page, 'Inventory', 'Inventory');
      await page.getByRole('button', { name: /^Sell last unit/u }).waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the inventory');
      await page.getByRole('button', { name: /^Sell last unit/u }).click();
      await page.getByText('The ERP posted a critical out-of-stock alert', { exact: false }).waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the inventory after the alert');
    });

    it('a product’s details and conversation beside the inventory', async () => {
      const { page } = reader;
      await page.getByRole('link', { name: '55" LCD TV' }).click();
      const detail = page.getByRole('complementary', { name: '55" LCD TV' });
      await detail.getByRole('heading', { level: 2, name: '55" LCD TV' }).waitFor({ timeout: 5000 });
      assert.equal(new URL(page.url()).hash, '#/inventory/TV-LCD-55');
      await detail.locator('rse-object-thread').getByText('Out of stock: 55" LCD TV', { exact: false }).waitFor({ timeout: 5000 });
      assertNoViolations(await runAxe(page, axe), 'the product details');
      await detail.getByRole('link', { name: 'Close the product details' }).click();
      await detail.waitFor({ state: 'hidden' });
    });

    it('the reset confirmation', async () => {
      const { page } = reader;
      await page.getByRole('button', { name: 'Reset demo data' }).click();
      const dialog = page.getByRole('dialog', { name: 'Reset demo data?' });
      await dialog.waitFor();
      assertNoViolations(await runAxe(page, axe), 'the reset confirmation');
      // Cancel is the default: Enter on the focused button does not reset anything.
      await dialog.getByRole('button', { name: 'Cancel' }).press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Inventory');
    });
  });
}
