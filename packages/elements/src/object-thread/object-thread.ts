import {
  MAX_MESSAGE_LENGTH,
  objectKey,
  toRseError,
  type Message,
  type ObjectRef,
  type PendingMessage,
  type Person,
  type ThreadState,
} from '@rse/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { RseErrorEvent } from '../base/error-event.js';
import { RseElement } from '../base/rse-element.js';
import { ClockController } from '../controllers/clock-controller.js';
import { ThreadController } from '../controllers/thread-controller.js';
import { renderTokens } from '../markup/render-tokens.js';
import { baseStyles } from '../styles/base.styles.js';
import { formatRelativeTime, formatDateTime, formatNumber } from '../base/format.js';
import { RseMessagePostEvent } from './object-thread.events.js';
import { objectThreadStyles } from './object-thread.styles.js';

/** How close to the bottom (px) the reader must be for new messages to scroll into view. */
const STICK_TO_BOTTOM_PX = 48;

/**
 * The conversation about one ERP record, shown beside it: messages with their replies, a composer,
 * and live updates as colleagues write.
 *
 * @summary The conversation about one ERP object.
 * @tag rse-object-thread
 *
 * @csspart base - The element's frame.
 * @csspart header - The heading row.
 * @csspart messages - The scrolling list of messages.
 * @csspart composer - The form to write a message.
 *
 * @cssprop --rse-object-thread-max-height - Height of the message list before it scrolls (default 32rem).
 * @cssprop --rse-object-thread-background - Background of the frame.
 *
 * @fires rse-message-post - The user's message was stored; detail `{ objectKey, messageId, replyTo }`.
 * @fires rse-error - Loading or posting failed; detail `{ operation, code, message }`.
 */
export class RseObjectThread extends RseElement {
  static override styles = [baseStyles, objectThreadStyles];

  private readonly threadController = new ThreadController(this, (next, previous) => {
    this.onThreadChange(next, previous);
  });
  private readonly clock = new ClockController(this);
  private stickToBottom = true;
  private objectRef: ObjectRef | undefined;

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('.thread__scroller') private scroller?: HTMLElement;

  @state() private draft = '';
  @state() private replyingTo: Message | null = null;
  @state() private sending = false;
  @state() private sendError: string | null = null;
  @state() private announcement = '';
  @state() private me: Person | null = null;

  /** The ERP system the object lives in, when the network spans several. */
  @property({ reflect: false }) system: string | null = null;

  /** The ERP object type, e.g. `SalesOrder`. */
  @property({ attribute: 'object-type' }) objectType: string | null = null;

  /** The ERP object id, e.g. `4711`. */
  @property({ attribute: 'object-id' }) objectId: string | null = null;

  /** A human title for the object, used in the accessible name (e.g. `Sales order 4711`). */
  @property({ attribute: 'object-title' }) objectTitle: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('system') || changed.has('objectType') || changed.has('objectId')) {
      this.objectRef =
        this.objectType && this.objectId ? { system: this.system ?? null, type: this.objectType, id: this.objectId } : undefined;
      this.replyingTo = null;
      this.stickToBottom = true;
      if (!this.objectRef) this.warnOnce('object-type and object-id are required; nothing to show.');
    }
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
  }

  protected override updated(): void {
    if (this.stickToBottom && this.scroller) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private onThreadChange(next: ThreadState, previous: ThreadState | undefined): void {
    const scroller = this.scroller;
    if (scroller) {
      this.stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICK_TO_BOTTOM_PX;
    }
    if (previous?.status !== 'ready' || next.status !== 'ready') return;
    const known = new Set(allMessages(previous.messages).map((m) => m.id));
    const arrived = allMessages(next.messages).filter((m) => !known.has(m.id) && m.author.id !== this.me?.id);
    const last = arrived.at(-1);
    if (last && next.messages.length >= previous.messages.length) {
      this.announcement = this.strings.newMessage(last.author.name);
    }
  }

  private onInput(event: InputEvent): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.sendError && this.draft.length <= MAX_MESSAGE_LENGTH) this.sendError = null;
  }

  private onComposerKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    } else if (event.key === 'Escape' && this.replyingTo) {
      event.preventDefault();
      this.replyingTo = null;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.send();
  }

  private onScroll(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    this.stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICK_TO_BOTTOM_PX;
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
    const scroller = this.scroller;
    const fromBottom = scroller ? scroller.scrollHeight - scroller.scrollTop : 0;
    try {
      await this.threadController.thread?.loadOlder();
      await this.updateComplete;
      // Keep the reader's place: older messages grow the list above what they were reading.
      if (scroller) scroller.scrollTop = scroller.scrollHeight - fromBottom;
    } catch (error) {
      this.reportError('load-older', error);
    }
  }

  private async send(): Promise<void> {
    const store = this.threadController.thread;
    const text = this.draft;
    if (!store || this.sending || text.trim() === '') return;
    if (text.length > MAX_MESSAGE_LENGTH) {
      this.sendError = this.strings.tooLong(formatNumber(this.locale, MAX_MESSAGE_LENGTH));
      return;
    }
    this.sending = true;
    this.sendError = null;
    this.stickToBottom = true;
    // Replying to a reply names that reply; the backend files it under the top-level message.
    const replyTo = this.replyingTo?.id ?? null;
    try {
      const message = await store.post(text, replyTo);
      // Only clear what was sent: the author may have kept typing while it was on its way.
      if (this.draft === text) this.draft = '';
      this.replyingTo = null;
      this.dispatchEvent(new RseMessagePostEvent({ objectKey: objectKey(store.object), messageId: message.id, replyTo: message.replyTo }));
    } catch (error) {
      const rseError = toRseError(error);
      this.sendError = this.strings.sendError(this.describeError(rseError.code));
      this.reportError('post', rseError);
    } finally {
      this.sending = false;
    }
  }

  private reportError(operation: string, error: unknown): void {
    const { code, message } = toRseError(error);
    this.dispatchEvent(new RseErrorEvent({ operation, code, message }));
  }

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
    const topPending = state.pending.filter((p) => p.replyTo === null);
    return html`
      <div
        class="thread__scroller"
        part="messages"
        tabindex="0"
        role="region"
        aria-label=${s.threadHeading}
        @scroll=${this.onScroll}
      >
        ${state.hasOlder
          ? html`<button type="button" class="thread__older" ?disabled=${state.loadingOlder} @click=${this.loadOlder}>
              ${state.loadingOlder ? s.loadingOlder : s.loadOlder}
            </button>`
          : nothing}
        <ol class="messages">
          ${state.messages.map((message) => this.renderMessage(message, state.pending))}
          ${topPending.map((pending) => this.renderPending(pending))}
        </ol>
      </div>
    `;
  }

  private renderMessage(message: Message, pending: readonly PendingMessage[]): TemplateResult {
    const group = new Set([message.id, ...message.replies.map((r) => r.id)]);
    const replyPending = pending.filter((p) => p.replyTo !== null && group.has(p.replyTo));
    const hasReplies = message.replies.length > 0 || replyPending.length > 0;
    return html`<li>
      ${this.renderArticle(message)}
      ${hasReplies
        ? html`<ol class="replies" aria-label=${this.strings.repliesLabel(message.author.name)}>
            ${message.replies.map((reply) => html`<li>${this.renderArticle(reply)}</li>`)}
            ${replyPending.map((p) => this.renderPending(p))}
          </ol>`
        : nothing}
    </li>`;
  }

  private renderArticle(message: Message): TemplateResult {
    const s = this.strings;
    return html`<article class="message">
      <span class="avatar" aria-hidden="true">${initials(message.author.name)}</span>
      <header class="message__header">
        <span class="message__author">${message.author.name}</span>
        ${message.author.title ? html`<span class="message__title">${message.author.title}</span>` : nothing}
        <time class="message__time" datetime=${message.createdAt} title=${formatDateTime(this.locale, message.createdAt)}
          >${formatRelativeTime(this.locale, message.createdAt)}${message.editedAt ? ` · ${s.edited}` : ''}</time
        >
      </header>
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

  private renderPending(pending: PendingMessage): TemplateResult {
    return html`<li>
      <article class="message message--pending" aria-busy="true">
        <span class="avatar" aria-hidden="true">${initials(this.me?.name ?? '')}</span>
        <header class="message__header">
          <span class="message__author">${this.me?.name ?? ''}</span>
          <span class="message__time">${this.strings.sending}</span>
        </header>
        <div class="message__text">${pending.text}</div>
      </article>
    </li>`;
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
      <div class="composer__footer">
        <span class="composer__hint" id="composer-hint"
          >${left < MAX_MESSAGE_LENGTH / 10 ? s.charactersLeft(formatNumber(this.locale, left)) : s.composerHint}</span
        >
        <button class="composer__send" type="submit" ?disabled=${this.sending || this.draft.trim() === ''}>
          ${this.sending ? s.sending : s.send}
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
    const count = state?.status === 'ready' && !state.hasOlder ? state.messages.length : null;
    return html`<section class="thread" part="base" dir=${this.direction} lang=${this.locale} aria-label=${s.threadLabel(title)}>
      <header class="thread__header" part="header">
        <h2 class="thread__heading">${s.threadHeading}</h2>
        ${count !== null && count > 0
          ? html`<span class="thread__meta">${s.messageCount(count, formatNumber(this.locale, count))}</span>`
          : nothing}
        ${state?.status === 'ready'
          ? html`<span class="thread__live" title=${state.live ? '' : s.offline}>${state.live ? s.live : nothing}</span>`
          : nothing}
      </header>
      ${this.renderBody(state)} ${this.renderComposer()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

function allMessages(messages: readonly Message[]): Message[] {
  return messages.flatMap((m) => [m, ...m.replies]);
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((part) => String.fromCodePoint(part.codePointAt(0) ?? 32).toUpperCase())
    .join('');
}
