/**
 * End to end: the shell's language switcher sets the document's `lang`, as an ERP does with the user's
 * logon language, and every RSE element on the screen follows at once — no reload, no code — and the
 * choice holds on the next visit.
 *
 * Run after `npm run build`:
 *   node --conditions=source --import tsx --test test/e2e/language.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { describeOnDemo, openAs, startRig, type DemoRig, type Person } from './demo-page.js';

async function chooseLanguage(page: Page, language: string): Promise<void> {
  await page.locator('#language').click();
  await page.locator(`#language ui5-option[value="${language}"]`).click();
  await page.locator(`html[lang="${language}"]`).waitFor({ timeout: 5000 });
}

describeOnDemo('demo: the language switcher', { timeout: 60_000 }, () => {
  let rig!: DemoRig;
  let reader!: Person;

  before(async () => {
    rig = await startRig('rse-e2e-language-');
    reader = await openAs(rig.browser, rig.demo.url, 'camille', '#/orders/4711');
  });

  after(async () => {
    await rig.close();
  });

  it('switches the thread, the share button and the badges between English, French and German', async () => {
    const { page } = reader;
    const thread = page.locator('rse-object-thread');
    await thread.getByRole('radio', { name: 'System events' }).waitFor({ timeout: 5000 });
    await chooseLanguage(page, 'fr');
    await thread.getByRole('radio', { name: 'Événements système' }).waitFor({ timeout: 5000 });
    await page.locator('#order-share').getByRole('button', { name: 'Partager' }).waitFor({ timeout: 5000 });
    await chooseLanguage(page, 'de');
    await thread.getByRole('radio', { name: 'Systemereignisse' }).waitFor({ timeout: 5000 });
    await page.locator('#order-share').getByRole('button', { name: 'Teilen' }).waitFor({ timeout: 5000 });
    await page.getByRole('link', { name: 'Sales Orders' }).first().click();
    await page.getByRole('button', { name: /^Sales order 4711: \d+ Kommentare/u }).waitFor({ timeout: 5000 });
    assert.deepEqual(reader.problems, []);
  });

  it('keeps the language on the next visit', async () => {
    const { page } = reader;
    await page.reload();
    await page.locator('html[lang="de"]').waitFor({ timeout: 5000 });
    await page.locator('rse-object-badge').first().getByRole('button', { name: /Kommentar/u }).waitFor({ timeout: 5000 });
    await chooseLanguage(page, 'en');
  });
});
