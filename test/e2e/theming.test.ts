/**
 * End to end: theming without configuration, in Chromium against the demo server and the built bundles.
 *
 * On the Fiori screens, UI5 declares its theme's SAP theming parameters (`--sapBrandColor`…) on the
 * document; the RSE elements' colours (text, surfaces, accent, muted text, read inside their shadow roots)
 * must equal those parameters — for Horizon, and again, different, after the shell's theme switcher moves
 * to Horizon Dark and to the high-contrast theme. On the Redwood inventory, where the SAP parameters are
 * cleared, the same elements must take Redwood's `--oj-core-*` variables instead. No code on the page
 * tells the elements about any theme.
 *
 * Run after `npm run build`:
 *   node --conditions=source --import tsx --test test/e2e/theming.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { describeOnDemo, openAs, startRig, type DemoRig, type Person } from './demo-page.js';

/** One colour an element shows, and the theme variable it must equal. */
interface Probe {
  /** What the assertion message calls it. */
  readonly what: string;
  /** CSS selector of the host element in the light DOM. */
  readonly host: string;
  /** Selector inside the host's shadow root (a part), or null for the host itself. */
  readonly inner: string | null;
  /** The computed property read. */
  readonly property: 'color' | 'background-color';
  /** The theme variable it must resolve to. */
  readonly variable: string;
}

/** The elements on the order list and the object page, and the SAP parameter each colour comes from. */
const SAP_PROBES: readonly Probe[] = [
  { what: 'thread text', host: 'rse-object-thread', inner: null, property: 'color', variable: '--sapTextColor' },
  { what: 'thread surface', host: 'rse-object-thread', inner: '[part~="base"]', property: 'background-color', variable: '--sapGroup_ContentBackground' },
  { what: 'share button accent', host: '#order-share', inner: '[part~="button"]', property: 'color', variable: '--sapBrandColor' },
  { what: 'share button surface', host: '#order-share', inner: '[part~="button"]', property: 'background-color', variable: '--sapGroup_ContentBackground' },
];

/** The badge of 4711 on the order list. */
const BADGE_PROBES: readonly Probe[] = [
  { what: 'badge text', host: 'rse-object-badge[object-id="4711"]', inner: '[part~="base"]', property: 'color', variable: '--sapContent_LabelColor' },
];

/** Its unread count, which Camille has until she opens the order. */
const UNREAD_PROBE: Probe = {
  what: 'badge unread accent',
  host: 'rse-object-badge[object-id="4711"]',
  inner: '[part~="unread"]',
  property: 'background-color',
  variable: '--sapBrandColor',
};

/** The same elements on the Redwood inventory, and the Redwood variable each colour comes from. */
const REDWOOD_PROBES: readonly Probe[] = [
  { what: 'thread text', host: '#product-detail rse-object-thread', inner: null, property: 'color', variable: '--oj-core-text-color-primary' },
  {
    what: 'thread surface',
    host: '#product-detail rse-object-thread',
    inner: '[part~="base"]',
    property: 'background-color',
    variable: '--oj-core-bg-color-content',
  },
  { what: 'badge text', host: '#stock-body rse-object-badge', inner: '[part~="base"]', property: 'color', variable: '--oj-core-text-color-secondary' },
];

interface Measured {
  readonly what: string;
  readonly variable: string;
  /** The computed colour of the element. */
  readonly shown: string;
  /** The variable's value, as declared where the element sits, resolved to a computed colour. */
  readonly expected: string;
  /** The raw declared value (for messages). */
  readonly declared: string;
}

/** Reads each probe's colour and its variable, resolved to `rgb()` by a probe element at the host. */
async function measure(page: Page, probes: readonly Probe[]): Promise<Measured[]> {
  return page.evaluate((list) => {
    return list.map((probe) => {
      const host = document.querySelector(probe.host);
      if (!host) throw new Error(`${probe.host} is not on the page`);
      const target = probe.inner === null ? host : host.shadowRoot?.querySelector(probe.inner);
      if (!target) throw new Error(`${probe.host} has no ${String(probe.inner)} in its shadow root`);
      const declared = getComputedStyle(host).getPropertyValue(probe.variable).trim();
      // A light-DOM probe beside the host, so the variable resolves exactly as it does for the element.
      const resolver = document.createElement('span');
      resolver.style.color = declared;
      host.parentElement?.append(resolver);
      const expected = getComputedStyle(resolver).color;
      resolver.remove();
      return { what: probe.what, variable: probe.variable, shown: getComputedStyle(target).getPropertyValue(probe.property), expected, declared };
    });
  }, probes);
}

function assertMatches(measured: readonly Measured[], where: string): void {
  for (const m of measured) {
    assert.notEqual(m.declared, '', `${where}: ${m.variable} is not declared where the ${m.what} sits`);
    assert.equal(m.shown, m.expected, `${where}: the ${m.what} is ${m.shown}, but ${m.variable} is ${m.declared} (${m.expected})`);
  }
}

/** The document's SAP theming parameter, as UI5 declared it. */
async function sapParameter(page: Page, name: string): Promise<string> {
  return page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);
}

/** Picks a theme in the shell bar's theme select, as a user does, and waits until UI5 applied it. */
async function pickTheme(page: Page, label: string, id: string): Promise<void> {
  const before = await sapParameter(page, '--sapBackgroundColor');
  await page.locator('#theme').click();
  await page.locator(`#theme ui5-option[value="${id}"]`).filter({ hasText: label }).click();
  await page.locator(`html[data-theme="${id}"]`).waitFor({ timeout: 5000 });
  await page.waitForFunction((old) => getComputedStyle(document.documentElement).getPropertyValue('--sapBackgroundColor').trim() !== old, before, {
    timeout: 5000,
  });
}

describeOnDemo('demo: the RSE elements take the host theme with no configuration', { timeout: 60_000 }, () => {
  let rig!: DemoRig;
  let camille!: Person;
  let horizon: Measured[] = [];

  before(async () => {
    rig = await startRig('rse-e2e-theming-');
    camille = await openAs(rig.browser, rig.demo.url, 'camille', '#/orders');
  });

  after(async () => {
    await rig.close();
  });

  it('matches UI5 Horizon on the order list and the object page', async () => {
    const { page } = camille;
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'sap_horizon');
    await page.getByRole('button', { name: /^Sales order 4711: \d+ comments/u }).waitFor({ timeout: 5000 });
    assertMatches(await measure(page, [...BADGE_PROBES, UNREAD_PROBE]), 'Horizon, order list');
    await page.getByRole('link', { name: '4711', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sales order 4711' }).waitFor({ timeout: 5000 });
    await page.locator('rse-object-thread').getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    horizon = await measure(page, SAP_PROBES);
    assertMatches(horizon, 'Horizon, object page');
  });

  it('follows the switch to Horizon Dark: new colours, equal to the dark theme’s parameters', async () => {
    const { page } = camille;
    await pickTheme(page, 'Horizon Dark', 'sap_horizon_dark');
    const dark = await measure(page, SAP_PROBES);
    assertMatches(dark, 'Horizon Dark, object page');
    // Horizon Dark keeps Horizon's brand colour; every colour whose parameter changed must change too.
    for (const [i, m] of dark.entries()) {
      const light = horizon[i];
      assert.ok(light);
      if (m.expected !== light.expected) assert.notEqual(m.shown, light.shown, `the ${m.what} kept its Horizon colour (${m.shown}) in Horizon Dark`);
    }
    const changed = dark.filter((m, i) => m.shown !== horizon[i]?.shown).map((m) => m.what);
    assert.ok(changed.includes('thread text') && changed.includes('thread surface'), `only ${changed.join(', ')} changed in Horizon Dark`);
    // Dark means dark: the thread's surface is darker than its text.
    const luminance = (rgb: string): number => {
      const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/gu) ?? []).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const surface = dark.find((m) => m.what === 'thread surface')?.shown ?? '';
    const text = dark.find((m) => m.what === 'thread text')?.shown ?? '';
    assert.ok(luminance(surface) < luminance(text), `Horizon Dark: surface ${surface} is not darker than text ${text}`);

    await page.getByRole('navigation', { name: 'Apps' }).getByRole('link', { name: 'Sales Orders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sales Orders' }).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: /^Sales order 4711: \d+ comments/u }).waitFor({ timeout: 5000 });
    assertMatches(await measure(page, BADGE_PROBES), 'Horizon Dark, order list');
  });

  it('follows the switch to the high-contrast black theme', async () => {
    const { page } = camille;
    await pickTheme(page, 'Horizon High Contrast Black', 'sap_horizon_hcb');
    assertMatches(await measure(page, BADGE_PROBES), 'Horizon High Contrast Black, order list');
    await page.getByRole('link', { name: '4711', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sales order 4711' }).waitFor({ timeout: 5000 });
    assertMatches(await measure(page, SAP_PROBES), 'Horizon High Contrast Black, object page');
  });

  it('takes Redwood’s --oj-core-* variables on the Redwood inventory', async () => {
    const { page } = camille;
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inventory' }).waitFor({ timeout: 5000 });
    await page.getByRole('link', { name: '55" LCD TV' }).click();
    await page.getByRole('complementary', { name: '55" LCD TV' }).locator('rse-object-thread').waitFor({ timeout: 5000 });
    await page.locator('#stock-body rse-object-badge').first().getByRole('button').waitFor({ timeout: 5000 });
    const redwood = await measure(page, REDWOOD_PROBES);
    assertMatches(redwood, 'Redwood inventory');
    // And not the shell's SAP theme, which is still set on the document.
    const sapText = await sapParameter(page, '--sapTextColor');
    assert.notEqual(sapText, '', 'the SAP theme is no longer on the document');
    const threadText = redwood.find((m) => m.what === 'thread text');
    assert.notEqual(threadText?.expected, undefined);
    assert.equal(
      await page.locator('#product-detail rse-object-thread').evaluate((el) => getComputedStyle(el).getPropertyValue('--sapTextColor').trim()),
      '',
      'the Redwood screen does not clear the SAP parameters',
    );
  });
});
