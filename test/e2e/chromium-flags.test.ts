/**
 * The browser every browser test and the bench drive (`test/helpers/chromium-flags.mjs`): it loads no
 * address-bar popup page beside the pages under test, and our one `--disable-features` keeps every
 * feature Playwright disables switched off (Chromium obeys only the last such switch).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { OMNIBOX_POPUP_FEATURES } from '../helpers/chromium-flags.mjs';
import { launchChromium } from '../helpers/chromium.js';

/** Long enough for the popup page, which Chromium 156 opens ~200 ms after a new window when allowed. */
const WATCH_MS = 1_000;

describe('Chromium as the tests launch it', { timeout: 30_000 }, () => {
  let browser!: Browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser.close();
  });

  it('opens no address-bar popup page for a new context', async () => {
    const cdp = await browser.newBrowserCDPSession();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto('about:blank');
      const deadline = Date.now() + WATCH_MS;
      while (Date.now() < deadline) {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const popups = targetInfos.filter((target) => target.url.startsWith('chrome://omnibox-popup'));
        assert.deepEqual(popups.map((target) => target.url), [], 'Chromium loaded its address-bar popup page');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await context.close();
      await cdp.detach();
    }
  });

  it('keeps every feature Playwright disables disabled, with ours, in the switch Chromium obeys', async () => {
    const page = await browser.newPage();
    try {
      await page.goto('chrome://version');
      const commandLine = (await page.locator('#command_line').textContent()) ?? '';
      const lists = commandLine
        .split(/\s+/u)
        .filter((arg) => arg.startsWith('--disable-features='))
        .map((arg) => arg.slice('--disable-features='.length).split(','));
      const obeyed = new Set(lists.at(-1));
      const dropped = lists.flat().filter((feature) => !obeyed.has(feature));
      assert.deepEqual([...new Set(dropped)], [], 'add these to PLAYWRIGHT_DISABLED_FEATURES in test/helpers/chromium-flags.mjs');
      for (const feature of OMNIBOX_POPUP_FEATURES) assert.ok(obeyed.has(feature), `${feature} is not disabled`);
    } finally {
      await page.close();
    }
  });
});
