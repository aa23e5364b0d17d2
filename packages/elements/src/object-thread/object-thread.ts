import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import {
  MAX_MESSAGE_LENGTH,
  mentionsOf,
  objectKey,
  parseMarkup,
  toRseError,
  type Message,
  type ObjectRef,
  type PendingMessage,
  type Person,
  type ShareDetails,
  type ThreadState,
} from '@rse/core';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { RseErrorEvent } from '../base/error-event.js';
import { initials } from '../base/initials.js';
import { RseElement } from '../base/rse-element.js';
import { ClockController } from '../controllers/clock-controller.js';
import { MentionController } from '../mentions/mention-controller.js';
import { mentionStyles } from '../mentions/mention.styles.js';
import { ThreadController } from '../controllers/thread-controller.js';
import { renderTokens } from '../markup/render-tokens.js';
import { avatarStyles } from '../styles/avatar.styles.js';
import { messageTokenStyles } from '../styles/message-tokens.styles.js';
import { baseStyles } from '../styles/base.styles.js';
import { formatRelativeTime, formatDateTime, formatNumber } from '../base/format.js';
import type { Phrase } from '../locales/index.js';
import { plural } from '../locales/plural.js';
import { RseMessagePostEvent } from './object-thread.events.js';
import { objectThreadStyles } from './object-thread.styles.js';
import { ReadMarkerController } from './read-marker-controller.js';

/** How long typing must pause before mentions are checked against the record's access rules. */
const MENTION_CHECK_DELAY_MS = 300;

/** How close to the bottom (px) the reader must be for new messages to scroll into view. */
const STICK_TO_BOTTOM_PX = 48;

/** How close to the top (px) a reader scrolling up must come for the next older page to load. */
const LOAD_OLDER_WITHIN_PX = 240;

/** Which entries of the thread are shown: everything, what people wrote and shared, or ERP events. */
export type ThreadFilter = 'all' | 'conversation' | 'system';

const FILTERS: readonly ThreadFilter[] = ['all', 'conversation', 'system'];

/** An ERP (a building with a gear), marking events the ERP posted itself. */
const ERP_ICON = svg`<path d="M2 14V6l4 2.5V6l4 2.5V3h4v11z" /><path d="M5 11h1.5M8.5 11H10" />`;

/** A top-level entry of the list: a message with its replies (and own replies being sent), or an own post being sent. */
type Item =
  | { readonly key: string; readonly message: Message; readonly pendingReplies: readonly PendingMessage[] }
  | { readonly key: string; readonly pending: PendingMessage };

/** The entry a reader was looking at, and where (px from the top of the scroller) it was. */
interface Anchor {
  readonly key: string;
  readonly offset: number;
}

/** What the flow layout accepts to keep one entry in view until the reader scrolls. */
interface Pin {
  readonly index: number;
  readonly block: 'start' | 'end';
}

type Virtualizer = NonNullable<VirtualizerHostElement[typeof virtualizerRef]>;

/**
 * Releases a pin. The layout's config setter assigns every key, and only `null` clears a pin (an
 * `undefined` one breaks its getter); the published type does not admit `null`, hence the cast.
 */
const UNPIN = { pin: null } as unknown as NonNullable<Parameters<typeof flow>[0]>;

/**
 * The conversation about one ERP record, shown beside it: messages with their replies, shares and ERP
 * events, a composer, and live updates as colleagues write. Long threads are virtualized: only the
 * messages near the viewport are in the DOM, and older pages load as the reader scrolls up.
 *
 * @summary The conversation about one ERP object.
 * @tag rse-object-thread
 *
 * @csspart base - The element's frame.
 * @csspart header - The heading row.
 * @csspart filter - The All / Conversation / System events choice.
 * @csspart messages - The scrolling list of messages.
 * @csspart composer - The form to write a message.
 *
 * @cssprop --rse-object-thread-max-height - Height of the message list before it scrolls (default 32rem).
 * @cssprop --rse-object-thread-background - Background of the frame.
 * @cssprop --rse-object-thread-system-background - Background of ERP events (default: the alternate surface).
 *
 * @fires rse-message-post - The user's message was stored; detail `{ objectKey, messageId, replyTo }`.
 * @fires rse-error - Loading, posting or marking read failed; detail `{ operation, code, message }`.
 */
export class RseObjectThread extends RseElement {
  static override styles = [baseStyles, avatarStyles, mentionStyles, messageTokenStyles, objectThreadStyles];

  /**
   * @internal Above this many messages (top-level, replies and own posts being sent) in the list, the list
   * is virtualized. Below it every message stays in the DOM, where find-in-page and a screen reader's
   * browse mode reach all of them and no size is estimated. Tests lower it; Infinity turns it off.
   */
  static virtualizeAbove = 150;

  private readonly threadController = new ThreadController(this, (next, previous) => {
    this.onThreadChange(next, previous);
  });
  private readonly clock = new ClockController(this);
  private readonly mentions = new MentionController(
    this,
    () => this.textarea,
    () => this.client,
  );
  private mentionCheck: ReturnType<typeof setTimeout> | undefined;
  private readonly readMarker = new ReadMarkerController(this, (error) => {
    this.reportError('mark-read', error);
  });
  private stickToBottom = true;
  private objectRef: ObjectRef | undefined;
  /** The list as rendered, rebuilt only when the thread, the filter or the viewer change. */
  private items: readonly Item[] = [];
  private itemsFrom: { messages: unknown; pending: unknown; filter: ThreadFilter; me: string | undefined } | undefined;
  /** The newest message by someone else, if the filter shows it: what reading the thread marks read. */
  private newestOther: string | null = null;
  /** Top-level messages matching the filter (the header's count). */
  private shownCount = 0;
  private virtualized = false;
  /** Where the reader was before older messages were prepended, to put them back there. */
  private anchor: Anchor | null = null;
  /** A pin for the virtualizer's next render (stick to the bottom, or hold the anchor). */
  private pin: Pin | null = null;
  /** Whether the virtualizer holds a pin we gave it; it keeps it until the reader scrolls. */
  private pinned = false;
  private pinGeneration = 0;
  /** The reader scrolled up to the top while their place was being restored. */
  private olderWanted = false;
  /** While the reader's place is being restored, scrolling near the top loads nothing. */
  private restoring = false;
  private lastScrollTop = 0;
  private attachedVirtualizer: Virtualizer | undefined;

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('.thread__scroller') private scroller?: HTMLElement;
  @query('ol.messages') private list?: HTMLOListElement & VirtualizerHostElement;

  @state() private draft = '';
  @state() private replyingTo: Message | null = null;
  @state() private sendError: string | null = null;
  /** Says, before sending, who is mentioned but may not open the record (they would never see it). */
  @state() private mentionWarning: string | null = null;
  /** What the live region says, rebuilt in the current language at each render. */
  @state() private announcement: Phrase | undefined;
  @state() private me: Person | null = null;

  /** The ERP system the object lives in, when the network spans several. */
  @property({ reflect: false }) system: string | null = null;

  /** The ERP object type, e.g. `SalesOrder`. */
  @property({ attribute: 'object-type' }) objectType: string | null = null;

  /** The ERP object id, e.g. `4711`. */
  @property({ attribute: 'object-id' }) objectId: string | null = null;

  /** A human title for the object, used in the accessible name (e.g. `Sales order 4711`). */
  @property({ attribute: 'object-title' }) objectTitle: string | null = null;

  /**
   * Which entries are shown: `all` (default), `conversation` (comments and shares) or `system` (ERP
   * events). The reader changes it with the filter above the list.
   */
  @property() filter: ThreadFilter = 'all';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('system') || changed.has('objectType') || changed.has('objectId')) {
      this.objectRef =
        this.objectType && this.objectId ? { system: this.system ?? null, type: this.objectType, id: this.objectId } : undefined;
      this.replyingTo = null;
      this.stickToBottom = true;
      if (!this.objectRef) this.warnOnce('object-type and object-id are required; nothing to show.');
    }
    if (changed.has('filter')) this.stickToBottom = true;
    // `client` is protected, so it is missing from PropertyValues<this>'s public keys.
    if ((changed as PropertyValues).has('client')) {
      this.me = null;
      if (!this.client) this.warnOnce('no client: call configure({ adapter }) or wrap the element in <rse-provider>.');
      this.client?.me().then(
        (me) => (this.me = me),
        () => undefined,
      );
    }
    this.threadController.watch(this.client, this.objectRef);
    this.deriveItems(this.threadController.state);
    this.readMarker.update(this.client, this.objectRef, this.newestOther);
  }

  protected override updated(): void {
    const scroller = this.scroller;
    const virtualizer = this.virtualized ? this.list?.[virtualizerRef] : undefined;
    if (virtualizer && virtualizer !== this.attachedVirtualizer) {
      // The directive builds its virtualizer while the new <ol> is still in a detached template
      // fragment, so it finds no scrolling ancestor and would follow the window instead of our
      // scroller. Now that the list is in the document, connect it again to find the scroller; no
      // layout has run yet (it is scheduled for a microtask), and the pin already set is kept.
      this.attachedVirtualizer = virtualizer;
      virtualizer.disconnected();
      virtualizer.connected();
    }
    if (this.pin && virtualizer) {
      // Pins are short-lived: once the virtualizer has measured what it pinned, the position is right
      // and the pin is released, so that nothing pulls the reader back while they scroll. (An anchor
      // pin is released by restoreAnchor, after its fine adjustment.)
      this.pinned = true;
      const generation = ++this.pinGeneration;
      if (!this.anchor) {
        void settled(virtualizer).then(() => {
          if (generation === this.pinGeneration && this.pinned) this.releasePin();
        });
      }
    }
    this.pin = null;
    if (this.anchor) {
      const anchor = this.anchor;
      this.anchor = null;
      void this.restoreAnchor(anchor);
    } else if (this.stickToBottom && scroller && !this.virtualized) {
      // Virtualized lists stick through a pin instead: their height is an estimate until measured.
      scroller.scrollTop = scroller.scrollHeight;
    }
    this.observeLastItem();
  }

  /** Before each new snapshot renders: note whether the reader is at the bottom, and announce colleagues' messages. */
  private onThreadChange(next: ThreadState, previous: ThreadState | undefined): void {
    const scroller = this.scroller;
    if (scroller && !this.restoring) {
      this.stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICK_TO_BOTTOM_PX;
    }
    if (previous?.status !== 'ready' || next.status !== 'ready') return;
    const known = new Set(allMessages(previous.messages).map((m) => m.id));
    const arrived = allMessages(next.messages).filter((m) => !known.has(m.id) && m.author.id !== this.me?.id);
    const last = arrived.at(-1);
    // Older pages arriving at the top are not news: only announce when the oldest message stayed the same.
    const prepended = previous.messages.length > 0 && next.messages[0]?.id !== previous.messages[0]?.id;
    if (last && !prepended) {
      const name = last.author.name;
      this.announcement = (s) => s.newMessage(name);
    }
  }

  private onInput(event: InputEvent): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.sendError && this.draft.length <= MAX_MESSAGE_LENGTH) this.sendError = null;
    clearTimeout(this.mentionCheck);
    this.mentionCheck = setTimeout(() => void this.checkMentionAccess(this.draft), MENTION_CHECK_DELAY_MS);
  }

  /** Asks the backend (through the client) whether everyone mentioned may open the record. */
  private async checkMentionAccess(text: string): Promise<void> {
    const object = this.objectRef;
    const mentioned = new Map(mentionsOf(parseMarkup(text)).map((m) => [m.personId, m.label ?? m.personId]));
    if (!object || !this.client || mentioned.size === 0) {
      this.mentionWarning = null;
      return;
    }
    try {
      const checks = await this.client.checkAccess(object, [...mentioned.keys()]);
      if (text !== this.draft) return;
      const outsiders = checks.filter((c) => !c.canOpen).map((c) => mentioned.get(c.personId) ?? c.personId);
      this.mentionWarning = outsiders.length > 0 ? this.strings.mentionNoAccess(outsiders.join(', ')) : null;
    } catch {
      // A failed check must not block writing; the server still never notifies people without access.
      this.mentionWarning = null;
    }
  }

  private onComposerKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    } else if (event.key === 'Escape' && this.replyingTo && !this.mentions.open) {
      // With suggestions open, Escape closes them first (the mention controller handles it).
      event.preventDefault();
      this.replyingTo = null;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.send();
  }

  /** The reader chose another filter; the list starts again from its newest entry. */
  private onFilterChange(event: Event): void {
    const value = (event.target as HTMLInputElement).value as ThreadFilter;
    if (FILTERS.includes(value)) this.filter = value;
  }

  /** Tracks whether the reader is at the bottom, and loads the next older page when they come up to the top. */
  private onScroll(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const top = scroller.scrollTop;
    const goingUp = top < this.lastScrollTop;
    this.lastScrollTop = top;
    const nearTop = goingUp && top < LOAD_OLDER_WITHIN_PX;
    if (this.restoring) {
      // Putting the reader back is under way; if they keep going up meanwhile, load on once done.
      this.olderWanted ||= nearTop;
      return;
    }
    this.stickToBottom = scroller.scrollHeight - top - scroller.clientHeight < STICK_TO_BOTTOM_PX;
    // The virtualizer only unpins on scrolls it does not attribute to its own corrections, which it
    // assumes for two frames after each; a reader scrolling away sooner must not be pulled back.
    if (this.pinned && !this.stickToBottom) this.releasePin();
    // Only a reader moving up loads more: our own scrolling (to the bottom, back to the anchor) never does.
    if (nearTop) this.loadOlderIfAny();
  }

  /** Wheel, touch, pointer or key in the list: the reader takes over, so no pin may pull them back. */
  private readonly onScrollIntent = {
    handleEvent: (): void => {
      if (this.pinned && !this.restoring) this.releasePin();
    },
    passive: true,
  };

  /** Loads the next older page, unless there is none or one is on its way. */
  private loadOlderIfAny(): void {
    const state = this.threadController.state;
    if (state?.hasOlder && !state.loadingOlder) void this.loadOlder();
  }

  /** The virtualizer let go of our pin by itself (the reader scrolled). */
  private onUnpinned(): void {
    this.pinned = false;
  }

  /** The virtualizer swapped which entries are in the DOM; the last message may have come or gone. */
  private onRangeChanged(): void {
    // The virtualizer renders the new range right after this event; look for the last item then.
    queueMicrotask(() => {
      this.observeLastItem();
    });
  }

  private retry(): void {
    this.threadController.thread?.reload();
  }

  private startReply(message: Message): void {
    this.replyingTo = message;
    this.textarea?.focus();
  }

  private cancelReply(): void {
    this.replyingTo = null;
    this.textarea?.focus();
  }

  private async loadOlder(): Promise<void> {
    // The reader's place is kept by willUpdate/updated, which see the older page arrive.
    try {
      await this.threadController.thread?.loadOlder();
    } catch (error) {
      this.reportError('load-older', error);
    }
  }

  private async send(): Promise<void> {
    const store = this.threadController.thread;
    const text = this.draft;
    if (!store || text.trim() === '') return;
    if (text.length > MAX_MESSAGE_LENGTH) {
      this.sendError = this.strings.tooLong(formatNumber(this.locale, MAX_MESSAGE_LENGTH));
      return;
    }
    this.sendError = null;
    this.stickToBottom = true;
    // Replying to a reply names that reply; the backend files it under the top-level message.
    const replyTo = this.replyingTo?.id ?? null;
    // The outbox keeps the message from here on (across reloads, retrying while the server is away),
    // and it shows as pending at once, so the composer is free for the next one.
    const sent = store.post(text, replyTo);
    this.draft = '';
    this.replyingTo = null;
    this.mentionWarning = null;
    try {
      const message = await sent;
      this.dispatchEvent(new RseMessagePostEvent({ objectKey: objectKey(store.object), messageId: message.id, replyTo: message.replyTo }));
    } catch (error) {
      // Refused for good: the pending message says why and offers Retry, Edit and Discard.
      this.reportError('post', toRseError(error));
    }
  }

  private retryPending(pending: PendingMessage): void {
    this.threadController.thread?.retry(pending.clientId);
  }

  private discardPending(pending: PendingMessage): void {
    this.threadController.thread?.discard(pending.clientId);
  }

  /** Takes a message that was not sent back into the composer, to change it before sending again. */
  private editPending(pending: PendingMessage): void {
    this.threadController.thread?.discard(pending.clientId);
    this.draft = pending.text;
    this.textarea?.focus();
  }

  private reportError(operation: string, error: unknown): void {
    const { code, message } = toRseError(error);
    this.dispatchEvent(new RseErrorEvent({ operation, code, message }));
  }

  /**
   * Rebuilds the list when its inputs changed, decides whether it is virtualized, and — before the DOM
   * changes — notes where the reader is when older messages are about to be prepended.
   */
  private deriveItems(state: ThreadState | undefined): void {
    const messages = state?.messages ?? [];
    const pending = state?.pending ?? [];
    const from = { messages, pending, filter: this.filter, me: this.me?.id };
    const previous = this.itemsFrom;
    if (
      previous?.messages === from.messages &&
      previous.pending === from.pending &&
      previous.filter === from.filter &&
      previous.me === from.me
    ) {
      return;
    }
    this.itemsFrom = from;

    const shown = messages.filter((m) => matches(m, this.filter));
    const replyPending = pending.filter((p) => p.replyTo !== null);
    const items: Item[] = shown.map((message) => ({
      key: message.id,
      message,
      pendingReplies: replyPending.length === 0 ? [] : pendingRepliesOf(message, replyPending),
    }));
    // Own posts being sent show at the end whatever the filter: the author must see them go.
    for (const p of pending) if (p.replyTo === null) items.push({ key: `pending:${p.clientId}`, pending: p });
    const articles = items.reduce((sum, item) => sum + ('message' in item ? 1 + item.message.replies.length + item.pendingReplies.length : 1), 0);
    const virtualized = articles > RseObjectThread.virtualizeAbove;

    const before = this.items;
    const firstBefore = before[0]?.key;
    const prepended = firstBefore !== undefined && items[0]?.key !== firstBefore && items.some((item) => item.key === firstBefore);
    if (prepended || (virtualized !== this.virtualized && !this.stickToBottom)) {
      this.anchor = this.captureAnchor();
      if (this.anchor) this.stickToBottom = false;
    }

    this.items = items;
    this.shownCount = shown.length;
    this.virtualized = virtualized;
    if (virtualized) {
      const anchorIndex = this.anchor ? items.findIndex((item) => item.key === this.anchor?.key) : -1;
      if (anchorIndex >= 0) this.pin = { index: anchorIndex, block: 'start' };
      else if (this.stickToBottom && items.length > 0) this.pin = { index: items.length - 1, block: 'end' };
    }
    this.newestOther = this.newestFromOthers(messages);
  }

  /** The newest message by someone else, when the filter shows it; read markers are per thread, not per filter. */
  private newestFromOthers(messages: readonly Message[]): string | null {
    let newest: { id: string; at: number; shown: boolean } | null = null;
    for (const top of messages) {
      const shown = matches(top, this.filter);
      for (const message of [top, ...top.replies]) {
        if (message.author.id === this.me?.id) continue;
        const at = Date.parse(message.createdAt);
        if (!newest || at >= newest.at) newest = { id: message.id, at, shown };
      }
    }
    return newest?.shown ? newest.id : null;
  }

  /** The first entry at least partly visible in the scroller, with its distance from the scroller's top. */
  private captureAnchor(): Anchor | null {
    const scroller = this.scroller;
    const list = this.list;
    if (!scroller || !list) return null;
    const top = scroller.getBoundingClientRect().top;
    let best: Anchor | null = null;
    for (const li of list.children) {
      if (!(li instanceof HTMLLIElement) || !li.dataset.key) continue;
      const rect = li.getBoundingClientRect();
      if (rect.bottom <= top + 1) continue;
      if (!best || rect.top - top < best.offset) best = { key: li.dataset.key, offset: rect.top - top };
    }
    return best;
  }

  /** Scrolls so the anchored entry is back where the reader saw it. */
  private async restoreAnchor(anchor: Anchor): Promise<void> {
    const virtualizer = this.virtualized ? this.list?.[virtualizerRef] : undefined;
    this.restoring = true;
    try {
      if (virtualizer) {
        // The pin passed in render() brings the entry into the DOM at the top: wait until it is
        // measured, then release the pin, or the next reflow would undo the fine adjustment below.
        await settled(virtualizer);
        this.releasePin();
        await nextFrame();
      }
      const scroller = this.scroller;
      const li = this.itemElement(anchor.key);
      if (!scroller || !li) return;
      const delta = li.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.offset;
      if (Math.abs(delta) >= 1) scroller.scrollTop += delta;
      this.lastScrollTop = scroller.scrollTop;
    } finally {
      this.restoring = false;
      if (this.olderWanted) {
        this.olderWanted = false;
        this.loadOlderIfAny();
      }
    }
  }

  /**
   * Lets the reader scroll freely again. Through the virtualizer's public `updateLayoutConfig`, not a
   * render: this scroll listener was registered before the virtualizer's, so the release lands before
   * the reflow its own listener schedules, which would otherwise scroll back to the pin.
   */
  private releasePin(): void {
    this.pinned = false;
    const virtualizer: Virtualizer | undefined = this.list?.[virtualizerRef];
    if (virtualizer) void virtualizer.updateLayoutConfig(flow(UNPIN));
  }

  private itemElement(key: string): HTMLLIElement | null {
    return this.list?.querySelector<HTMLLIElement>(`:scope > li[data-key="${CSS.escape(key)}"]`) ?? null;
  }

  private observeLastItem(): void {
    const last = this.items.at(-1);
    this.readMarker.observe(last ? this.itemElement(last.key) : null);
  }

  /** The list in whatever state the thread is: no object, no client, loading, failed, empty, or messages. */
  private renderBody(state: ThreadState | undefined): TemplateResult {
    const s = this.strings;
    if (!this.objectRef) return html`<p class="thread__state" role="status">${s.noObject}</p>`;
    if (!this.client || !state) return html`<p class="thread__state" role="status">${s.noClient}</p>`;
    if (state.status === 'loading' && state.messages.length === 0) {
      return html`<p class="thread__state" role="status" aria-busy="true">${s.loading}</p>`;
    }
    if (state.status === 'error') {
      return html`<div class="thread__state thread__state--error" role="alert">
        <p>${s.loadError(this.describeError(state.error?.code ?? 'INTERNAL'))}</p>
        <button type="button" @click=${this.retry}>${s.retry}</button>
      </div>`;
    }
    if (state.messages.length === 0 && state.pending.length === 0) {
      return html`<p class="thread__state">${s.empty}</p>`;
    }
    const older = state.hasOlder
      ? html`<button type="button" class="thread__older" ?disabled=${state.loadingOlder} @click=${this.loadOlder}>
          ${state.loadingOlder ? s.loadingOlder : s.loadOlder}
        </button>`
      : nothing;
    if (this.virtualized && this.items.length > 0) {
      // The list is its own scroller here. With an ancestor as scroller, @lit-labs/virtualizer 2.1
      // mixes content and scroll offsets once that ancestor is scrolled, and its pins (how we stick to
      // the bottom and keep the reader's place) land in the wrong spot. The button to load older
      // messages sits just above the list.
      return html`${older}
        <ol
          class="thread__scroller messages messages--virtual"
          part="messages"
          tabindex="0"
          aria-label=${s.threadHeading}
          @scroll=${this.onScroll}
          @rangeChanged=${this.onRangeChanged}
          @unpinned=${this.onUnpinned}
          @wheel=${this.onScrollIntent}
          @touchstart=${this.onScrollIntent}
          @pointerdown=${this.onScrollIntent}
          @keydown=${this.onScrollIntent}
        >
          ${virtualize({
            items: this.items as Item[],
            keyFunction: itemKey,
            renderItem: this.renderItem,
            scroller: true,
            // Always a full flow() specifier: a bare config object would make the directive build a
            // new virtualizer whenever the default layout has not been loaded yet.
            layout: flow(this.pin ? { pin: this.pin } : {}),
          })}
        </ol>`;
    }
    return html`
      <div
        class="thread__scroller"
        part="messages"
        tabindex="0"
        role="region"
        aria-label=${s.threadHeading}
        @scroll=${this.onScroll}
      >
        ${older}
        ${this.items.length === 0
          ? html`<p class="thread__state">${this.filter === 'system' ? s.threadEmptySystem : s.threadEmptyConversation}</p>`
          : html`<ol class="messages">${repeat(this.items, itemKey, this.renderItem)}</ol>`}
      </div>
    `;
  }

  /** One entry of the list: a message with its replies, or an own post on its way. Shared by both list modes. */
  private readonly renderItem = (item: Item, index: number): TemplateResult => {
    const position = this.virtualized ? { setsize: String(this.items.length), posinset: String(index + 1) } : null;
    if (!('message' in item)) {
      return html`<li data-key=${item.key} aria-setsize=${position?.setsize ?? nothing} aria-posinset=${position?.posinset ?? nothing}>
        ${this.renderPending(item.pending)}
      </li>`;
    }
    const { message, pendingReplies } = item;
    const hasReplies = message.replies.length > 0 || pendingReplies.length > 0;
    return html`<li data-key=${item.key} aria-setsize=${position?.setsize ?? nothing} aria-posinset=${position?.posinset ?? nothing}>
      ${this.renderArticle(message)}
      ${hasReplies
        ? html`<ol class="replies" aria-label=${this.strings.repliesLabel(message.author.name)}>
            ${message.replies.map((reply) => html`<li>${this.renderArticle(reply)}</li>`)}
            ${pendingReplies.map((p) => html`<li>${this.renderPending(p)}</li>`)}
          </ol>`
        : nothing}
    </li>`;
  };

  /** One message: a comment, a share (with intent and audience) or an ERP event (with its own look). */
  private renderArticle(message: Message): TemplateResult {
    const s = this.strings;
    const system = message.kind === 'system';
    return html`<article class="message message--${message.kind}">
      ${system
        ? html`<span class="avatar avatar--system" aria-hidden="true"
            ><svg viewBox="0 0 16 16" focusable="false">${ERP_ICON}</svg></span
          >`
        : html`<span class="avatar" aria-hidden="true">${initials(message.author.name)}</span>`}
      <header class="message__header">
        <span class="message__author">${message.author.name}</span>
        ${system
          ? html`<span class="message__kind">${s.threadSystemEvent}</span>`
          : message.author.title
            ? html`<span class="message__title">${message.author.title}</span>`
            : nothing}
        ${message.share ? this.renderIntent(message.share) : nothing}
        <time class="message__time" datetime=${message.createdAt} title=${formatDateTime(this.locale, message.createdAt)}
          >${formatRelativeTime(this.locale, message.createdAt)}${message.editedAt ? ` · ${s.edited}` : ''}</time
        >
      </header>
      ${message.share ? this.renderAudience(message.share) : nothing}
      <div class="message__text">${renderTokens(message.tokens, { externalLinkHint: s.externalLink })}</div>
      <div class="message__actions">
        <button type="button" aria-label=${s.replyTo(message.author.name)} @click=${() => {
          this.startReply(message);
        }}>
          ${s.reply}
        </button>
      </div>
    </article>`;
  }

  /** What a share asks: Information, Request, or Alert with its severity. */
  private renderIntent(share: ShareDetails): TemplateResult {
    const s = this.strings;
    const intent = share.intent === 'alert' ? s.intentAlert : share.intent === 'request' ? s.intentRequest : s.intentInformation;
    const severity =
      share.severity === 'critical' ? s.severityCritical : share.severity === 'warning' ? s.severityWarning : share.severity === 'info' ? s.severityInfo : null;
    return html`<span class="message__intent message__intent--${share.intent} ${share.severity ? `message__intent--${share.severity}` : ''}"
      >${severity && share.intent === 'alert' ? s.threadIntentSeverity(intent, severity) : intent}</span
    >`;
  }

  /** Who a share went to: its feeds, then its people. */
  private renderAudience(share: ShareDetails): TemplateResult | typeof nothing {
    const names = [...share.feeds.map((f) => f.name), ...share.people.map((p) => p.name)];
    if (names.length === 0) return nothing;
    return html`<p class="message__audience">${this.strings.threadSharedWith(names.join(', '))}</p>`;
  }

  /** An own post the backend has not confirmed yet. */
  private renderPending(pending: PendingMessage): TemplateResult {
    const s = this.strings;
    const failed = pending.state === 'failed';
    const status = failed
      ? s.notSent(this.describeError(pending.error?.code ?? 'INTERNAL'))
      : pending.state === 'waiting' && pending.error
        ? s.waitingForNetwork
        : s.sending;
    return html`<article class="message message--pending ${failed ? 'message--failed' : ''}" aria-busy=${failed ? 'false' : 'true'}>
      <span class="avatar" aria-hidden="true">${initials(this.me?.name ?? '')}</span>
      <header class="message__header">
        <span class="message__author">${this.me?.name ?? ''}</span>
        <span class="message__time" role=${failed ? 'alert' : 'status'}>${status}</span>
      </header>
      <div class="message__text">${pending.text}</div>
      ${failed
        ? html`<div class="message__actions">
            <button type="button" @click=${() => {
              this.retryPending(pending);
            }}>${s.retry}</button>
            <button type="button" @click=${() => {
              this.editPending(pending);
            }}>${s.editMessage}</button>
            <button type="button" @click=${() => {
              this.discardPending(pending);
            }}>${s.discardMessage}</button>
          </div>`
        : nothing}
    </article>`;
  }

  /** All / Conversation / System events, once there is something to filter. */
  private renderFilter(state: ThreadState | undefined): TemplateResult | typeof nothing {
    if (state?.status !== 'ready' || (state.messages.length === 0 && this.filter === 'all')) return nothing;
    const s = this.strings;
    const labels: Record<ThreadFilter, string> = { all: s.threadFilterAll, conversation: s.threadFilterConversation, system: s.threadFilterSystem };
    // Native radios: arrow keys move the choice, Tab enters and leaves the group, as screen readers expect.
    return html`<fieldset class="thread__filter" part="filter">
      <legend class="visually-hidden">${s.threadFilter}</legend>
      ${FILTERS.map(
        (value) => html`<label class="thread__filter-option">
          <input type="radio" name="filter" value=${value} .checked=${this.filter === value} @change=${this.onFilterChange} /><span
            >${labels[value]}</span
          >
        </label>`,
      )}
    </fieldset>`;
  }

  private renderComposer(): TemplateResult | typeof nothing {
    const state = this.threadController.state;
    if (!this.objectRef || !this.client || state?.status !== 'ready') return nothing;
    const s = this.strings;
    const left = MAX_MESSAGE_LENGTH - this.draft.length;
    return html`<form class="composer" part="composer" @submit=${this.onSubmit}>
      <label class="composer__label" for="composer-text">${s.composerLabel}</label>
      ${this.replyingTo
        ? html`<div class="composer__replying">
            <span>${s.replyingTo(this.replyingTo.author.name)}</span>
            <button type="button" @click=${this.cancelReply}>${s.cancelReply}</button>
          </div>`
        : nothing}
      <textarea
        id="composer-text"
        .value=${this.draft}
        placeholder=${s.composerPlaceholder}
        aria-describedby="composer-hint composer-error"
        aria-invalid=${this.sendError ? 'true' : 'false'}
        @input=${this.onInput}
        @keydown=${this.onComposerKeydown}
      ></textarea>
      ${this.mentions.renderListbox()}
      ${this.mentionWarning ? html`<p class="composer__warning" role="status">${this.mentionWarning}</p>` : nothing}
      <div class="composer__footer">
        <span class="composer__hint" id="composer-hint"
          >${left < MAX_MESSAGE_LENGTH / 10 ? s.charactersLeft(formatNumber(this.locale, left)) : s.composerHint}</span
        >
        <button class="composer__send" type="submit" ?disabled=${this.draft.trim() === ''}>
          ${s.send}
        </button>
      </div>
      <p class="composer__error" id="composer-error" role="alert">${this.sendError ?? nothing}</p>
    </form>`;
  }

  protected override render(): TemplateResult {
    const s = this.strings;
    const state = this.threadController.state;
    const title = this.objectTitle ?? (this.objectRef ? s.objectReference(this.objectRef.type, this.objectRef.id) : '');
    // A count is only true once every page is loaded; until then the header shows none rather than a wrong one.
    const count = state?.status === 'ready' && !state.hasOlder ? this.shownCount : null;
    return html`<section class="thread" part="base" dir=${this.direction} lang=${this.stringsLang} aria-label=${s.threadLabel(title)}>
      <header class="thread__header" part="header">
        <h2 class="thread__heading">${s.threadHeading}</h2>
        ${count !== null && count > 0
          ? html`<span class="thread__meta">${plural(this.locale, count, s.messageCount, formatNumber(this.locale, count))}</span>`
          : nothing}
        ${state?.status === 'ready'
          ? html`<span class="thread__live" title=${state.live ? '' : s.offline}>${state.live ? s.live : nothing}</span>`
          : nothing}
      </header>
      ${this.renderFilter(state)} ${this.renderBody(state)} ${this.renderComposer()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement?.(this.strings, this.locale)}</div>
    </section>`;
  }
}

function itemKey(item: Item): string {
  return item.key;
}

function matches(message: Message, filter: ThreadFilter): boolean {
  if (filter === 'all') return true;
  return filter === 'system' ? message.kind === 'system' : message.kind !== 'system';
}

function pendingRepliesOf(message: Message, pending: readonly PendingMessage[]): PendingMessage[] {
  const group = new Set([message.id, ...message.replies.map((r) => r.id)]);
  return pending.filter((p) => p.replyTo !== null && group.has(p.replyTo));
}

function allMessages(messages: readonly Message[]): Message[] {
  return messages.flatMap((m) => [m, ...m.replies]);
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      resolve();
    });
  });
}

/** Resolves once the virtualizer has laid out and measured its new range, or after a few frames at most. */
function settled(virtualizer: Virtualizer): Promise<void> {
  const frames = new Promise<void>((resolve) => {
    let left = 6;
    const tick = () => {
      if (--left === 0) resolve();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // layoutComplete rejects when the list is disconnected meanwhile; there is nothing to restore then.
  return Promise.race([virtualizer.layoutComplete.catch(() => undefined), frames]);
}
