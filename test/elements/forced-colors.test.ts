/**
 * Windows high-contrast (`forced-colors: active`): the browser replaces every colour with a handful of
 * system colours, so whatever our themes say with colour alone disappears. What must survive: which
 * filter is chosen, that a badge has unread messages, and where each button is.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { RseFeed, RseObjectBadge, RseObjectThread, RseShareButton } from '@rse/elements';
import { waitForText } from '../helpers/fixtures.js';
import { createShareNetwork, part, share, until } from '../helpers/share-fixtures.js';

const LOOK = ['color', 'border-top-color', 'border-top-width', 'outline-style'] as const;

/** The system colour `Canvas` as the browser resolves it now. */
function canvasColor(): string {
  const probe = document.createElement('div');
  probe.style.background = 'Canvas';
  document.body.append(probe);
  const color = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return color;
}

/**
 * How an element looks, in the properties forced colours keep meaningful. A transparent background
 * shows the Canvas beneath, so it counts as Canvas: an option drawn on an opaque Canvas-coloured box
 * looks exactly like one drawn on nothing.
 */
function look(element: Element): string {
  const style = getComputedStyle(element);
  const background = /^rgba\(.*,\s*0\)$/u.test(style.backgroundColor) || style.backgroundColor === 'transparent' ? canvasColor() : style.backgroundColor;
  return [`background: ${background}`, ...LOOK.map((property) => `${property}: ${style.getPropertyValue(property)}`)].join('; ');
}

/** The label drawn for each radio of a segmented filter, split into the checked one and the others. */
function options(root: ShadowRoot, radios: string): { checked: Element; others: Element[] } {
  const inputs = [...root.querySelectorAll<HTMLInputElement>(radios)];
  const labelOf = (input: HTMLInputElement): Element => {
    const drawn = input.nextElementSibling;
    if (!drawn) throw new Error('a filter radio has no drawn label');
    return drawn;
  };
  const checked = inputs.find((input) => input.checked);
  if (!checked) throw new Error(`no checked ${radios}`);
  return { checked: labelOf(checked), others: inputs.filter((input) => !input.checked).map(labelOf) };
}

function hasVisibleBorder(element: Element): boolean {
  const style = getComputedStyle(element);
  return style.borderTopStyle !== 'none' && parseFloat(style.borderTopWidth) >= 1;
}

describe('forced colors', () => {
  before(async () => {
    await emulateMedia({ forcedColors: 'active' });
  });

  after(async () => {
    await emulateMedia({ forcedColors: 'none' });
  });

  it('the chosen filter, the unread marker and every button stay visible', async () => {
    expect(matchMedia('(forced-colors: active)').matches, 'forced colours are not emulated').to.equal(true);
    const network = createShareNetwork([share('Is the 55" in stock?', { minutesAgo: 5 })]);
    const host = await fixture<HTMLElement>(html`<rse-provider .adapter=${network.adapterFor('camille')} lang="en">
      <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-thread>
      <rse-feed feed-id="sales-floor"></rse-feed>
      <rse-object-badge system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-badge>
      <rse-object-badge system="ERP" object-type="SalesOrder" object-id="4711" compact></rse-object-badge>
      <rse-share-button system="ERP" object-type="SalesOrder" object-id="4711"></rse-share-button>
    </rse-provider>`);
    const thread = host.querySelector<RseObjectThread>('rse-object-thread')!;
    const feed = host.querySelector<RseFeed>('rse-feed')!;
    const [badge, compact] = [...host.querySelectorAll<RseObjectBadge>('rse-object-badge')] as [RseObjectBadge, RseObjectBadge];
    const shareButton = host.querySelector<RseShareButton>('rse-share-button')!;
    await waitForText(thread, 'in stock');
    await waitForText(feed, 'in stock');
    await until(() => badge.shadowRoot?.querySelector('[part~="unread"]') != null && compact.shadowRoot?.querySelector('[part~="unread"]') != null, 'no unread marker');

    const problems: string[] = [];
    for (const [name, root, radios] of [
      ['thread filter', thread.shadowRoot!, '.thread__filter-option input'],
      ['feed filter', feed.shadowRoot!, '.filter__input'],
    ] as const) {
      const { checked, others } = options(root, radios);
      for (const other of others) {
        if (look(other) === look(checked)) problems.push(`${name}: the chosen option looks like the others (${look(checked)})`);
      }
    }
    for (const [name, marker] of [
      ['badge unread pill', part(badge, '[part~="unread"]')],
      ['compact badge unread dot', part(compact, '[part~="unread"]')],
    ] as const) {
      if (!hasVisibleBorder(marker)) problems.push(`${name} has no border, so forced colours erase it`);
    }
    if (!hasVisibleBorder(part(shareButton, '[part~="button"]'))) problems.push('the share button has no border');
    // The badge's speech bubble is an outlined box: it must keep its outline, in the count's system colour.
    const icon = part(badge, '[part~="icon"]');
    const { width, height } = icon.getBoundingClientRect();
    if (!icon.checkVisibility({ visibilityProperty: true }) || width === 0 || height === 0) problems.push('the badge icon is not shown');
    if (!hasVisibleBorder(icon)) problems.push('the badge icon has no outline, so forced colours erase it');
    if (getComputedStyle(icon).borderTopColor !== getComputedStyle(part(badge, '[part~="count"]')).color) {
      problems.push('the badge icon is not drawn in the colour of the count beside it');
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
