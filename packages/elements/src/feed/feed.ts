import {
  objectKey,
  toRseError,
  type FeedQuery,
  type FeedState,
  type Message,
  type ObjectCard,
  type ObjectRef,
  type ShareDetails,
  type Token,
} from '@rse/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { RseErrorEvent } from '../base/error-event.js';
import { formatDateTime, formatNumber, formatRelativeTime, intlLocale } from '../base/format.js';
import type { Phrase } from '../locales/index.js';
import { plural } from '../locales/plural.js';
import { initials } from '../base/initials.js';
import { RseElement } from '../base/rse-element.js';
import { ClockController } from '../controllers/clock-controller.js';
import { renderTokens } from '../markup/render-tokens.js';
import { objectCardStyles } from '../styles/object-card.styles.js';
import { avatarStyles } from '../styles/avatar.styles.js';
import { messageTokenStyles } from '../styles/message-tokens.styles.js';
import { baseStyles } from '../styles/base.styles.js';
import { FeedController } from './feed-controller.js';
import { RseObjectOpenEvent } from './feed.events.js';
import { feedStyles } from './feed.styles.js';
import { ObjectCardController } from './object-card-controller.js';
import { safeUrl } from './safe-url.js';

/** The intents the toolbar filters by; `null` is "All". */
export type FeedIntentFilter = 'request' | 'alert' | null;

const FILTERS: readonly FeedIntentFilter[] = [null, 'request', 'alert'];

// Intl.ListFormat is costly to build and every item of a long feed lists its audience.
const listFormats = new Map<string, Intl.ListFormat>();

function formatList(locale: string, items: readonly string[]): string {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format.format(items);
}

/**
 * An activity feed: what colleagues shared with the viewer about ERP records, newest first. Each item
 * says who shared what — an information, a request or an alert — with the message and a card of the
 * record that links back to it in the ERP. Filters narrow it to requests or alerts, to one object type
 * or to a hashtag (click one in the feed). New items wait behind an "N new" button instead of moving
 * what the reader is reading; older items load on demand.
 *
 * It follows the ARIA feed pattern: items are focusable articles with their position in the set, and
 * Page Down / Page Up move between them.
 *
 * @summary What colleagues shared about ERP records, newest first.
 * @tag rse-feed
 *
 * @csspart base - The element's frame.
 * @csspart header - The heading and the filters.
 * @csspart filters - The All / Requests / Alerts filter group.
 * @csspart feed - The list of items (`role="feed"`).
 * @csspart item - One item (an `article`).
 * @csspart card - The card of the record an item is about.
 *
 * @cssprop --rse-feed-max-height - Height of the item list before it scrolls (default none: the page scrolls).
 * @cssprop --rse-feed-background - Background of the frame.
 *
 * @fires rse-object-open - A record's link was activated, before navigating; cancelable. Detail `{ objectKey, object, url }`.
 * @fires rse-error - Loading older items failed; detail `{ operation, code, message }`.
 */
export class RseFeed extends RseElement {
  static override styles = [baseStyles, avatarStyles, objectCardStyles, messageTokenStyles, feedStyles];

  private readonly feedController = new FeedController(this, (next, previous) => {
    this.onFeedChange(next, previous);
  });
  private readonly cards = new ObjectCardController(this);
  private readonly clock = new ClockController(this);
  private feedNameFor: string | null = null;
  /** What to focus once the next render is done, after an action that removed the focused control. */
  private focusAfterUpdate: 'first-item' | 'hashtag-chip' | 'filters' | null = null;

  @query('.feed__list') private list?: HTMLElement;
  @query('.chip__remove') private chipRemove?: HTMLButtonElement;

  /** What the live region says, rebuilt in the current language at each render. */
  @state() private announcement: Phrase | undefined;
  @state() private feedName: string | null = null;

  /** The feed to show; without it, everything the viewer follows (their feeds and shares addressed to them). */
  @property({ attribute: 'feed-id' }) feedId: string | null = null;

  /** Only requests (`request`) or only alerts (`alert`); all items when absent. The filter buttons set it. */
  @property() intent: FeedIntentFilter = null;

  /** Only items about objects of this ERP type, e.g. `SalesOrder`. */
  @property({ attribute: 'object-type' }) objectType: string | null = null;

  /** Only items tagged with this hashtag (without `#`). Clicking a hashtag in the feed sets it. */
  @property() hashtag: string | null = null;

  /**
   * Maps an object to the URL that opens it in the ERP (e.g. a Fiori launchpad intent). When it answers
   * `null`, or is not set, the card's own URL from the backend is used.
   */
  @property({ attribute: false }) objectUrl: ((object: ObjectRef) => string | null) | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // `client` is protected, so it is missing from PropertyValues<this>'s public keys.
    if ((changed as PropertyValues).has('client') && !this.client) {
      this.warnOnce('no client: call configure({ adapter }) or wrap the element in <rse-provider>.');
    }
    this.feedController.watch(this.client, this.query());
    const items = this.feedController.state?.items ?? [];
    this.cards.request(
      this.client,
      items.map((m) => m.object),
    );
    this.loadFeedName();
  }

  protected override updated(): void {
    const focus = this.focusAfterUpdate;
    this.focusAfterUpdate = null;
    if (focus === 'first-item') this.list?.querySelector<HTMLElement>('article')?.focus();
    else if (focus === 'hashtag-chip') this.chipRemove?.focus();
    else if (focus === 'filters') this.renderRoot.querySelector<HTMLElement>('.filter__input:checked')?.focus();
  }

  private query(): FeedQuery {
    const intent = this.intent === 'request' || this.intent === 'alert' ? this.intent : null;
    const hashtag = this.hashtag?.replace(/^#/u, '').trim() ?? '';
    return {
      feedId: orNull(this.feedId),
      intent,
      objectType: orNull(this.objectType),
      hashtag: hashtag === '' ? null : hashtag,
    };
  }

  private loadFeedName(): void {
    const client = this.client;
    const feedId = orNull(this.feedId);
    const key = client && feedId ? feedId : null;
    if (key === this.feedNameFor) return;
    this.feedNameFor = key;
    this.feedName = null;
    if (!client || !feedId) return;
    client.feeds().then(
      (feeds) => {
        if (this.feedNameFor === feedId && this.client === client) this.feedName = feeds.find((f) => f.id === feedId)?.name ?? null;
      },
      () => undefined,
    );
  }

  private onFeedChange(next: FeedState, previous: FeedState | undefined): void {
    if (next.incoming > (previous?.incoming ?? 0)) {
      const incoming = next.incoming;
      this.announcement = (s, locale) => plural(locale, incoming, s.feedNewAnnouncement, formatNumber(locale, incoming));
    }
  }

  private onFilterChange(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.intent = value === 'request' || value === 'alert' ? value : null;
  }

  private filterByHashtag(tag: string): void {
    this.hashtag = tag;
    // The button clicked disappears while the filtered feed loads; the chip that undoes it is next to the filters.
    this.focusAfterUpdate = 'hashtag-chip';
  }

  private clearHashtag(): void {
    this.hashtag = null;
    // The chip is gone; the filters beside it are where the reader was.
    this.focusAfterUpdate = 'filters';
  }

  private showIncoming(): void {
    this.feedController.feed?.showIncoming();
    this.announcement = undefined;
    // The button is gone; the newest item is what the reader asked to see.
    this.focusAfterUpdate = 'first-item';
  }

  private retry(): void {
    this.feedController.feed?.reload();
  }

  private async loadOlder(): Promise<void> {
    try {
      await this.feedController.feed?.loadOlder();
    } catch (error) {
      const { code, message } = toRseError(error);
      this.dispatchEvent(new RseErrorEvent({ operation: 'load-older', code, message }));
    }
  }

  /** Page Down / Page Up move between articles, as the ARIA feed pattern asks. */
  private onFeedKeydown(event: KeyboardEvent): void {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const articles = [...(this.list?.querySelectorAll<HTMLElement>('article') ?? [])];
    const current = articles.findIndex((article) => event.composedPath().includes(article));
    const next = articles[event.key === 'PageDown' ? current + 1 : Math.max(0, current - 1)];
    if (!next) return;
    event.preventDefault();
    next.focus();
  }

  private onCardClick(event: MouseEvent, object: ObjectRef, url: string): void {
    // Modified clicks (new tab, new window) stay the browser's: the reader keeps this page.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const open = new RseObjectOpenEvent({ objectKey: objectKey(object), object: refOf(object), url });
    this.dispatchEvent(open);
    // A host router (Fiori's, say) that prevented the event opens the record itself.
    if (!open.defaultPrevented) location.assign(url);
  }

  private urlFor(object: ObjectRef, card: ObjectCard | null | undefined): string | null {
    return safeUrl(this.objectUrl?.(object) ?? card?.url ?? null);
  }

  private isFiltered(): boolean {
    const q = this.query();
    return q.intent !== null || q.objectType !== null || q.hashtag !== null;
  }

  private renderText(tokens: readonly Token[]): unknown[] {
    const s = this.strings;
    // Hashtags become buttons that filter the feed; everything else renders as in every other element.
    return tokens.map((token) => {
      switch (token.type) {
        case 'hashtag':
          // No white space around the tag inside the button: message text is pre-wrap, so it would show.
          return html`<button
            type="button"
            class="token token--hashtag"
            aria-label=${s.feedFilterHashtag(token.tag)}
            @click=${() => {
              this.filterByHashtag(token.tag);
            }}
          >#${token.tag}</button
          >`;
        case 'bold':
          return html`<strong>${this.renderText(token.children)}</strong>`;
        case 'italic':
          return html`<em>${this.renderText(token.children)}</em>`;
        default:
          return renderTokens([token], { externalLinkHint: s.externalLink });
      }
    });
  }

  private renderBadge(share: ShareDetails): TemplateResult {
    const s = this.strings;
    if (share.intent === 'request') return html`<span class="badge badge--request">${s.intentRequest}</span>`;
    if (share.intent === 'alert') {
      const severity = share.severity ?? 'info';
      const label = severity === 'critical' ? s.severityCritical : severity === 'warning' ? s.severityWarning : s.severityInfo;
      return html`<span class="badge badge--alert badge--${severity}">${s.feedAlert(label)}</span>`;
    }
    return html`<span class="badge">${s.intentInformation}</span>`;
  }

  private renderCard(object: ObjectRef): TemplateResult {
    const s = this.strings;
    const card = this.cards.get(object);
    const title = card?.title ?? s.objectReference(object.type, object.id);
    const url = this.urlFor(object, card);
    return html`<div class="card" part="card">
      ${url
        ? html`<a
            class="card__title card__link"
            href=${url}
            @click=${(event: MouseEvent) => {
              this.onCardClick(event, object, url);
            }}
            >${title}</a
          >`
        : html`<span class="card__title">${title}</span>`}
      <span class="card__ref">${object.type} · ${object.id}</span>
      ${card && card.fields.length > 0
        ? html`<dl class="card__fields">
            ${card.fields.map((field) => html`<div><dt>${field.label}</dt><dd>${field.value}</dd></div>`)}
          </dl>`
        : nothing}
    </div>`;
  }

  private renderItem(message: Message, index: number, setSize: number): TemplateResult {
    const s = this.strings;
    const system = message.kind === 'system';
    const share = message.share;
    const audience = share ? [...share.feeds.map((f) => f.name), ...share.people.map((p) => p.name)] : [];
    const labelId = `item-${String(index)}-label`;
    const textId = `item-${String(index)}-text`;
    return html`<article
      class="item"
      part="item"
      tabindex="0"
      aria-posinset=${index + 1}
      aria-setsize=${setSize}
      aria-labelledby=${labelId}
      aria-describedby=${textId}
    >
      <span class=${system ? 'avatar avatar--system' : 'avatar'} aria-hidden="true">${initials(message.author.name)}</span>
      <header class="item__header" id=${labelId}>
        <span class="item__author">${message.author.name}</span>
        ${system ? html`<span class="tag">${s.feedSystemEvent}</span>` : nothing} ${share ? this.renderBadge(share) : nothing}
        <time class="item__time" datetime=${message.createdAt} title=${formatDateTime(this.locale, message.createdAt)}
          >${formatRelativeTime(this.locale, message.createdAt)}</time
        >
      </header>
      <div class="item__text" id=${textId}>${this.renderText(message.tokens)}</div>
      ${this.renderCard(message.object)}
      ${audience.length > 0 ? html`<p class="item__audience">${s.feedSharedWith(formatList(this.locale, audience))}</p>` : nothing}
    </article>`;
  }

  private renderNew(state: FeedState): TemplateResult | typeof nothing {
    if (state.incoming === 0) return nothing;
    return html`<button type="button" class="feed__new" @click=${this.showIncoming}>
      <span aria-hidden="true">↑</span> ${plural(this.locale, state.incoming, this.strings.feedNew, formatNumber(this.locale, state.incoming))}
    </button>`;
  }

  private renderBody(state: FeedState | undefined): TemplateResult {
    const s = this.strings;
    if (!this.client || !state) return html`<p class="feed__state" role="status">${s.noClient}</p>`;
    if (state.status === 'loading') {
      return html`<p class="feed__state" role="status">${s.feedLoading}</p>
        <div class="feed__list" part="feed" role="feed" aria-busy="true" aria-labelledby="feed-heading"></div>`;
    }
    if (state.status === 'error') {
      const code = state.error?.code ?? 'INTERNAL';
      const reason = code === 'NOT_FOUND' ? s.feedNotFound : this.describeError(code);
      return html`<div class="feed__state feed__state--error" role="alert">
        <p>${s.feedLoadError(reason)}</p>
        <button type="button" @click=${this.retry}>${s.retry}</button>
      </div>`;
    }
    if (state.items.length === 0) {
      return html`${this.renderNew(state)}
        <p class="feed__state">${this.isFiltered() ? s.feedEmptyFiltered : s.feedEmpty}</p>`;
    }
    // The total is only known once every page is read; until then the set size is "unknown" (-1).
    const setSize = state.hasOlder ? -1 : state.items.length;
    return html`${this.renderNew(state)}
      <div
        class="feed__list"
        part="feed"
        role="feed"
        tabindex="-1"
        aria-busy=${state.loadingOlder ? 'true' : 'false'}
        aria-labelledby="feed-heading"
        @keydown=${this.onFeedKeydown}
      >
        ${repeat(
          state.items,
          (message) => message.id,
          (message, index) => this.renderItem(message, index, setSize),
        )}
      </div>
      ${state.hasOlder
        ? html`<button type="button" class="feed__older" ?disabled=${state.loadingOlder} @click=${this.loadOlder}>
            ${state.loadingOlder ? s.feedLoadingOlder : s.feedShowOlder}
          </button>`
        : nothing}`;
  }

  private renderFilters(): TemplateResult {
    const s = this.strings;
    const current = this.query();
    const label = (filter: FeedIntentFilter) =>
      filter === 'request' ? s.feedFilterRequests : filter === 'alert' ? s.feedFilterAlerts : s.feedFilterAll;
    return html`<fieldset class="filters" part="filters">
        <legend class="visually-hidden">${s.feedFilters}</legend>
        ${FILTERS.map(
          (filter) => html`<label class="filter">
            <input
              class="filter__input"
              type="radio"
              name="intent"
              value=${filter ?? 'all'}
              .checked=${current.intent === filter}
              @change=${this.onFilterChange}
            />
            <span class="filter__label">${label(filter)}</span>
          </label>`,
        )}
      </fieldset>
      ${current.hashtag
        ? html`<span class="chip">
            <span>#${current.hashtag}</span>
            <button type="button" class="chip__remove" aria-label=${s.feedClearHashtag(current.hashtag)} @click=${this.clearHashtag}>
              <span aria-hidden="true">×</span>
            </button>
          </span>`
        : nothing}`;
  }

  protected override render(): TemplateResult {
    const s = this.strings;
    return html`<section class="feed" part="base" dir=${this.direction} lang=${this.stringsLang} aria-labelledby="feed-heading">
      <header class="feed__header" part="header">
        <h2 class="feed__heading" id="feed-heading">${this.feedName ?? s.feedHeading}</h2>
        ${this.renderFilters()}
      </header>
      ${this.renderBody(this.feedController.state)}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement?.(this.strings, this.locale)}</div>
    </section>`;
  }
}

/** An attribute's value, with an empty one (`feed-id=""`) meaning absent. */
function orNull(value: string | null | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** The reference alone (a backend's card may carry more), with `system` always present for listeners. */
function refOf(object: ObjectRef): ObjectRef {
  return { system: object.system ?? null, type: object.type, id: object.id };
}
