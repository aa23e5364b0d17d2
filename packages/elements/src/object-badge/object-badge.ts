import { objectKey, type ObjectRef } from '@rse/core';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { formatNumber } from '../base/format.js';
import { RseElement } from '../base/rse-element.js';
import { RseObjectOpenEvent } from '../feed/feed.events.js';
import { baseStyles } from '../styles/base.styles.js';
import { CountsController } from '../controllers/counts-controller.js';
import { objectBadgeStyles } from './object-badge.styles.js';
import { plural } from '../locales/plural.js';

/** A speech bubble, drawn once for every badge of the page. */
const BUBBLE_ICON = svg`<path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />`;

/**
 * While its counts are on their way, a badge draws nothing for this long, and only then its loading
 * placeholder. A list's counts come in one request that is usually answered well within it, so most
 * badges render once, with their numbers, instead of twice; on a page of 1,000 badges the first render
 * was ~60 ms of script plus the style and layout of 1,000 filled shadow roots, all spent on a
 * placeholder that showed for a fraction of a second. The host keeps the button's size meanwhile.
 */
const PLACEHOLDER_DELAY_MS = 300;

/** Only these schemes are followed, whatever an attribute says: never `javascript:` or `data:`. */
const NAVIGABLE = new Set(['http:', 'https:']);

/**
 * How many messages the viewer can read about one ERP record, and how many are new to them: a button
 * for ERP list rows that opens the record's conversation. Counts stay live as colleagues write and as
 * the viewer reads; every badge of a page shares one request.
 *
 * @summary Message and unread counts of one ERP object, as a button.
 * @tag rse-object-badge
 *
 * @csspart base - The button.
 * @csspart icon - The speech-bubble icon.
 * @csspart count - The number of messages.
 * @csspart unread - The "1 new" pill, or the dot in compact mode.
 *
 * @cssprop --rse-object-badge-color - Colour of the icon and the count (default: the muted text colour).
 * @cssprop --rse-object-badge-unread-color - Background of the unread pill and dot (default: the accent colour).
 *
 * @fires rse-object-open - Cancelable, before navigating to `object-url`; detail `{ objectKey, object, url }`.
 */
export class RseObjectBadge extends RseElement {
  static override styles = [baseStyles, objectBadgeStyles];

  private readonly countsController = new CountsController(this, () => this.firstCountsArrived?.());
  private objectRef: ObjectRef | undefined;
  /** Set once the loading placeholder may show; see {@link PLACEHOLDER_DELAY_MS}. */
  private placeholderDue = false;
  private placeholderTimer: ReturnType<typeof setTimeout> | undefined;
  private firstCountsArrived: (() => void) | undefined;
  private readonly firstCounts = new Promise<void>((resolve) => {
    this.firstCountsArrived = resolve;
  });

  /** The ERP system the object lives in, when the network spans several. */
  @property() system: string | null = null;

  /** The ERP object type, e.g. `SalesOrder`. */
  @property({ attribute: 'object-type' }) objectType: string | null = null;

  /** The ERP object id, e.g. `4711`. */
  @property({ attribute: 'object-id' }) objectId: string | null = null;

  /** A human title for the object, prefixed to the accessible name (e.g. `Sales order 4711`). */
  @property({ attribute: 'object-title' }) objectTitle: string | null = null;

  /** Where activating the badge navigates, unless an `rse-object-open` listener prevents it. */
  @property({ attribute: 'object-url' }) objectUrl: string | null = null;

  /** Shows only the number and a dot for unread messages, for dense tables. */
  @property({ type: Boolean, reflect: true }) compact = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Ask for the counts now, while the page is still inserting badges, rather than in the first
    // update: the one request for the whole insertion is then made before the badges render (measured:
    // 1,000 badges painted in ~280 ms instead of ~330 ms).
    const object = this.refFromAttributes();
    if (this.client && object) this.countsController.watch(this.client, object);
    this.placeholderTimer ??= setTimeout(() => {
      this.placeholderDue = true;
      this.firstCountsArrived?.();
      this.requestUpdate();
    }, PLACEHOLDER_DELAY_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.placeholderTimer);
    this.placeholderTimer = undefined;
  }

  // The first update waits for the counts (or the placeholder delay): inserting 1,000 badges then costs
  // no render at all until their numbers are known.
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated && this.countsController.status === 'loading') await this.firstCounts;
    await super.scheduleUpdate();
  }

  /** Counts (or the client that will fetch them) are a moment away, and the placeholder is not due yet. */
  private get waitingQuietly(): boolean {
    if (this.placeholderDue) return false;
    const status = this.countsController.status;
    return status === 'loading' || (status === 'idle' && !this.client && this.refFromAttributes() !== undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('system') || changed.has('objectType') || changed.has('objectId')) {
      this.objectRef = this.refFromAttributes();
      if (!this.objectRef) this.warnOnce('object-type and object-id are required; the badge shows no counts.');
    }
    if ((changed as PropertyValues).has('client') && !this.client) {
      this.warnOnce('no client: call configure({ adapter }) or wrap the element in <rse-provider>.');
    }
    this.countsController.watch(this.client, this.objectRef);
  }

  private refFromAttributes(): ObjectRef | undefined {
    return this.objectType && this.objectId ? { system: this.system ?? null, type: this.objectType, id: this.objectId } : undefined;
  }

  private onClick(): void {
    const object = this.objectRef;
    if (!object) return;
    const url = navigableUrl(this.objectUrl);
    const event = new RseObjectOpenEvent({ objectKey: objectKey(object), object, url });
    this.dispatchEvent(event);
    if (!event.defaultPrevented && url) window.location.assign(url);
  }

  /**
   * The button's content. Its accessible name comes from this content, not from `aria-label`: what is
   * visible ("3", "1 unread") must be part of what is spoken ("3 comments, 1 unread") for people who
   * drive the page by voice (WCAG 2.5.3, axe's label-content-name-mismatch), so the words a sighted
   * reader infers from the icon are added as visually hidden text around the visible numbers.
   */
  private renderContent(): { content: TemplateResult; busy: boolean; error: boolean } {
    const s = this.strings;
    const controller = this.countsController;
    const counts = controller.counts;
    if (!counts) {
      if (controller.status === 'loading') return { content: html`<span class="badge__placeholder"></span>${hidden(s.badgeLoading)}`, busy: true, error: false };
      // No record to count (a list row not saved yet) is a state, not a failure: a quiet dash.
      const reason = this.objectRef ? s.badgeUnavailable : s.badgeNoObject;
      return { content: html`<span aria-hidden="true">–</span>${hidden(reason)}`, busy: false, error: !!this.objectRef };
    }
    const total = formatNumber(this.locale, counts.total);
    if (counts.total === 0) {
      return { content: html`<span class="badge__count" part="count" aria-hidden="true">${total}</span>${hidden(s.badgeNoComments)}`, busy: false, error: false };
    }
    const comments = plural(this.locale, counts.total, s.badgeComments, total);
    let unread = '';
    let separator = '';
    if (counts.unread > 0) {
      unread = plural(this.locale, counts.unread, s.badgeUnread, formatNumber(this.locale, counts.unread));
      const both = s.badgeLabel(comments, unread);
      separator = both.startsWith(comments) && both.endsWith(unread) ? both.slice(comments.length, both.length - unread.length) : ', ';
    }
    // The pieces are flex items, which name computation pads with spaces as blocks; so punctuation
    // stays at the end of the piece before it ("3" · " comments," · "1 unread"), never starts one.
    // "3 comments": the number shows, the rest is spoken. A language that puts the number elsewhere
    // gets the whole phrase spoken and the number shown beside it.
    const numberFirst = comments.startsWith(total);
    const spoken = numberFirst ? comments.slice(total.length) : comments;
    const tail = this.compact ? separator + unread : separator.trimEnd();
    const count = html`<span class="badge__count" part="count" aria-hidden=${numberFirst ? nothing : 'true'}>${total}</span>${hidden(spoken + tail)}`;
    const marker =
      counts.unread === 0
        ? nothing
        : this.compact
          ? html`<span class="badge__dot" part="unread"></span>`
          : html`<span class="badge__unread" part="unread">${unread}</span>`;
    return { content: html`${count}${marker}`, busy: false, error: false };
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.waitingQuietly) return nothing;
    const { content, busy, error } = this.renderContent();
    const reason = this.countsController.error;
    const title = this.objectTitle ? hidden(this.strings.badgeLabelFor(this.objectTitle, '')) : nothing;
    const icon = this.compact
      ? nothing
      : html`<svg class="badge__icon" part="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${BUBBLE_ICON}</svg>`;
    return html`<button
      type="button"
      class="badge ${error ? 'badge--error' : ''}"
      part="base"
      lang=${this.locale}
      dir=${this.direction}
      aria-busy=${busy ? 'true' : nothing}
      title=${reason ? this.describeError(reason.code) : nothing}
      ?disabled=${!this.objectRef || !this.client}
      @click=${this.onClick}
    >${icon}${title}${content}</button>`;
  }
}

/** Text for assistive technology only. */
function hidden(text: string): TemplateResult {
  return html`<span class="visually-hidden">${text}</span>`;
}

/** `url` resolved against the page when it is an http(s) address, else `null`. */
function navigableUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const resolved = new URL(url, document.baseURI);
    return NAVIGABLE.has(resolved.protocol) ? resolved.href : null;
  } catch {
    return null;
  }
}
