import { objectKey, type ObjectRef } from '@rse/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { formatNumber } from '../base/format.js';
import { RseElement } from '../base/rse-element.js';
import { RseObjectOpenEvent } from '../feed/feed.events.js';
import { baseStyles } from '../styles/base.styles.js';
import { CountsController } from '../controllers/counts-controller.js';
import { objectBadgeStyles } from './object-badge.styles.js';
import { messagesFor } from '../locales/index.js';
import { plural } from '../locales/plural.js';

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
 * @csspart count - The number of messages (a quiet bar while loading, a dash when unavailable).
 * @csspart unread - The "1 new" pill, or the dot in compact mode.
 *
 * @cssprop --rse-object-badge-color - Colour of the icon and the count (default: the muted text colour).
 * @cssprop --rse-object-badge-unread-color - Background of the unread pill and dot (default: the accent colour).
 *
 * @fires rse-object-open - Cancelable, before navigating to `object-url`; detail `{ objectKey, object, url }`.
 */
export class RseObjectBadge extends RseElement {
  static override styles = [baseStyles, objectBadgeStyles];

  // One timer for every badge of the page waiting for its placeholder rather than one each: a page of
  // 1,000 badges spent ~3 ms just arming and clearing 1,000 timers.
  private static readonly awaitingPlaceholder = new Set<RseObjectBadge>();
  private static placeholderTimer: ReturnType<typeof setTimeout> | undefined;

  private static awaitPlaceholder(badge: RseObjectBadge): void {
    badge.waitingSince = performance.now();
    RseObjectBadge.awaitingPlaceholder.add(badge);
    if (RseObjectBadge.placeholderTimer !== undefined) return;
    RseObjectBadge.placeholderTimer = setTimeout(RseObjectBadge.showDuePlaceholders, PLACEHOLDER_DELAY_MS);
    setTimeout(() => {
      RseObjectBadge.prepareFormatters(badge.locale);
    });
  }

  private static showDuePlaceholders(): void {
    RseObjectBadge.placeholderTimer = undefined;
    const now = performance.now();
    let nextDue = Number.POSITIVE_INFINITY;
    for (const badge of RseObjectBadge.awaitingPlaceholder) {
      const due = badge.waitingSince + PLACEHOLDER_DELAY_MS;
      if (due > now + 1) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      RseObjectBadge.awaitingPlaceholder.delete(badge);
      badge.placeholderDue = true;
      badge.firstCountsArrived?.();
      if (badge.countsController.status !== 'ready') badge.requestUpdate();
    }
    if (nextDue !== Number.POSITIVE_INFINITY) RseObjectBadge.placeholderTimer = setTimeout(RseObjectBadge.showDuePlaceholders, nextDue - now);
  }

  /**
   * Builds the strings, number and plural formatters of `locale` ahead of the first render. A page's
   * first Intl formatter for a language loads that language's data (~10 ms), which would otherwise land
   * in the task that renders a whole list of badges. The registering module calls this for the
   * document's language once the page is idle after loading; badges call it for their own language
   * while their counts request is in flight (a cache hit when the two agree).
   *
   * @internal
   */
  static prepareFormatters(locale: string): void {
    plural(locale, 0, messagesFor(locale).badgeComments, formatNumber(locale, 0));
  }

  private readonly countsController = new CountsController(this, () => {
    // Counts (or their failure) are here: no placeholder needed any more.
    RseObjectBadge.awaitingPlaceholder.delete(this);
    this.firstCountsArrived?.();
  });
  private objectRef: ObjectRef | undefined;
  /** Set once the loading placeholder may show; see {@link PLACEHOLDER_DELAY_MS}. */
  private placeholderDue = false;
  /** When the badge started waiting for its placeholder (`performance.now()`). */
  private waitingSince = 0;
  /** Whether the badge has drawn its button: once it has, it never goes blank again (focus would be lost). */
  private drawn = false;
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
    // Counts already cached (answered during watch()) need no placeholder.
    if (!this.placeholderDue && !this.drawn && this.countsController.status !== 'ready') RseObjectBadge.awaitPlaceholder(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    RseObjectBadge.awaitingPlaceholder.delete(this);
  }

  // The first update waits for the counts (or the placeholder delay): inserting 1,000 badges then costs
  // no render at all until their numbers are known.
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated && this.countsController.status === 'loading') await this.firstCounts;
    await super.scheduleUpdate();
  }

  /**
   * Counts (or the client that will fetch them) are a moment away, the placeholder is not due yet, and
   * nothing was drawn before: a badge that shows a button keeps one (its loading state when its object
   * changes), so keyboard focus and the row's layout stay put.
   */
  private get waitingQuietly(): boolean {
    if (this.placeholderDue || this.drawn) return false;
    const status = this.countsController.status;
    return status === 'loading' || (status === 'idle' && !this.client && this.refFromAttributes() !== undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('system') || changed.has('objectType') || changed.has('objectId')) {
      this.objectRef = this.refFromAttributes();
      if (!this.objectRef) this.warnOnce('object-type and object-id are required; the badge shows no counts.');
    }
    const clientChanged = (changed as PropertyValues).has('client');
    if (clientChanged && !this.client) {
      this.warnOnce('no client: call configure({ adapter }) or wrap the element in <rse-provider>.');
    }
    // Only when what is watched may have changed: on a page of 1,000 badges every update counts.
    if (clientChanged || changed.has('system') || changed.has('objectType') || changed.has('objectId')) {
      this.countsController.watch(this.client, this.objectRef);
    }
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

  protected override updated(): void {
    if (!this.waitingQuietly) this.drawn = true;
  }

  /**
   * The button, one template for every state: a list shows it 1,000 times at once, and a badge whose
   * object changes keeps its button (and the keyboard focus on it) through its loading state.
   *
   * What is shown must be part of what is spoken, in order, for people who drive the page by voice
   * (WCAG 2.5.3). A badge without unread messages shows one number (or a dash) and is named by
   * `aria-label` ("3 comments"; a number the label does not start with is hidden from assistive
   * technology). With unread messages two pieces show ("3", "1 unread"), so the name comes from the
   * content, with the words between them as visually hidden text: "3 comments, 1 unread". Hidden text
   * is an absolutely positioned, clipped box; such boxes and the icon's SVG were most of the frame
   * that paints 1,000 badges (~90 ms; ~55 ms with neither), and most badges now have none.
   *
   * Unlike the other elements, the button carries no `dir` (its direction is inherited in CSS) and a
   * `lang` only when what it would inherit is not the language of its words (none declared above, or
   * one without a catalogue, such as `ja`, which reads English): two attributes fewer, 1,000 times over.
   */
  protected override render(): TemplateResult | typeof nothing {
    if (this.waitingQuietly) return nothing;
    const s = this.strings;
    const counts = this.countsController.counts;
    const loading = !counts && this.countsController.status === 'loading';
    // No record to count (a list row not saved yet) is a state, not a failure: a quiet dash.
    const failed = !counts && !loading && !!this.objectRef;
    let shown = '';
    let label: string | undefined;
    let marker: TemplateResult | typeof nothing = nothing;
    if (!counts) {
      shown = loading ? '' : '–';
      label = loading ? s.badgeLoading : this.objectRef ? s.badgeUnavailable : s.badgeNoObject;
    } else {
      shown = formatNumber(this.locale, counts.total);
      // "0 comments" rather than "No comments": the name says the number shown, zero too.
      label = plural(this.locale, counts.total, s.badgeComments, shown);
    }
    // "3 comments" says the number shown; a dash's "Comments unavailable" does not.
    const numberSpoken = shown !== '' && label.startsWith(shown);
    if (counts && counts.total > 0 && counts.unread > 0) {
      marker = this.unreadMarker(label, numberSpoken ? shown : '', counts.unread);
      // Named by its content: the marker carries the words between the pieces shown.
      label = undefined;
    }
    const title = this.objectTitle;
    const reason = this.countsController.error;
    return html`<button
      type="button"
      class=${failed ? 'badge badge--error' : label === undefined ? 'badge badge--spoken' : 'badge'}
      part="base"
      lang=${this.localeInherited && this.stringsLang === this.locale ? nothing : this.stringsLang}
      aria-label=${label === undefined ? nothing : title ? s.badgeLabelFor(title, label) : label}
      aria-busy=${loading ? 'true' : nothing}
      title=${reason ? this.describeError(reason.code) : nothing}
      ?disabled=${!this.objectRef || !this.client}
      @click=${this.onClick}
    ><span class="badge__icon" part="icon" aria-hidden="true"></span>${label === undefined && title
        ? html`<span class="visually-hidden">${s.badgeLabelFor(title, '')}</span>`
        : nothing}<span
        class=${loading ? 'badge__count badge__count--loading' : 'badge__count'}
        part="count"
        aria-hidden=${numberSpoken ? nothing : 'true'}
        >${shown}</span
      >${marker}</button>`;
  }

  /**
   * The unread marker of a badge named by its content, after the number: the words spoken between the
   * number and the unread count, visually hidden, then the pill (or, compact, the dot, with the unread
   * count spoken). The pieces are flex items, which name computation pads with spaces as blocks, so
   * punctuation stays at the end of the piece before it ("3" · " comments," · "1 unread").
   */
  private unreadMarker(comments: string, numberShownFirst: string, unreadCount: number): TemplateResult {
    const s = this.strings;
    const unread = plural(this.locale, unreadCount, s.badgeUnread, formatNumber(this.locale, unreadCount));
    const both = s.badgeLabel(comments, unread);
    const separator = both.startsWith(comments) && both.endsWith(unread) ? both.slice(comments.length, both.length - unread.length) : ', ';
    // "3 comments": the number shows, the rest is spoken. A language that puts the number elsewhere
    // gets the whole phrase spoken, and the number beside it hidden from assistive technology.
    const words = comments.slice(numberShownFirst.length);
    return this.compact
      ? html`<span class="visually-hidden">${words + separator + unread}</span><span class="badge__dot" part="unread"></span>`
      : html`<span class="visually-hidden">${words + separator.trimEnd()}</span><span class="badge__unread" part="unread">${unread}</span>`;
  }
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
