import { initialState, Task, TaskStatus } from '@lit/task';
import {
  MAX_MESSAGE_LENGTH,
  newClientId,
  objectKey,
  toRseError,
  type AlertSeverity,
  type ObjectCard,
  type ObjectField,
  type ObjectRef,
  type Person,
  type ShareIntent,
} from '@rse/core';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { RseErrorEvent } from '../base/error-event.js';
import { formatNumber } from '../base/format.js';
import type { Phrase } from '../locales/index.js';
import { RseElement } from '../base/rse-element.js';
import { safeUrl } from '../feed/safe-url.js';
import { MentionController } from '../mentions/mention-controller.js';
import { mentionStyles } from '../mentions/mention.styles.js';
import { objectCardStyles } from '../styles/object-card.styles.js';
import { baseStyles } from '../styles/base.styles.js';
import { RseShareEvent, RseShareRequestEvent } from './share-button.events.js';
import { shareButtonStyles } from './share-button.styles.js';

const INTENTS: readonly ShareIntent[] = ['information', 'request', 'alert'];
const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

// A generic "share" glyph (three linked nodes); decorative, the button's name says what it does.
const SHARE_ICON = svg`<circle cx="18" cy="5" r="3"></circle><circle cx="6" cy="12" r="3"></circle><circle cx="18" cy="19" r="3"></circle><path d="M8.6 13.5l6.8 4M15.4 6.5l-6.8 4"></path>`;

/**
 * A button that shares the ERP record it sits beside: it opens a share sheet (a modal dialog) with a
 * preview of the record, a message with @mentions, the audience (the viewer's feeds and people), and
 * what the share is — an information, a request or an alert with its severity.
 *
 * The sheet works fully by keyboard: focus moves to the message when it opens and back to the button
 * when it closes, Escape closes it, and Ctrl+Enter (⌘+Enter) sends. A failed send keeps the draft.
 *
 * @summary Shares an ERP object with feeds and people.
 * @tag rse-share-button
 *
 * @slot - The button's label; "Share" (localized) by default. Hidden with `icon-only`.
 *
 * @csspart base - The element's wrapper.
 * @csspart button - The button that opens the share sheet.
 * @csspart dialog - The share sheet (a native modal `<dialog>`).
 * @csspart card - The preview of the record being shared.
 * @csspart composer - The message field with its @mention suggestions.
 *
 * @cssprop --rse-share-button-background - Background of the button.
 * @cssprop --rse-share-button-color - Text and icon colour of the button.
 * @cssprop --rse-share-sheet-width - Largest width of the share sheet (default 36rem).
 *
 * @fires rse-share-request - Send was pressed, before sending; cancelable. Detail `{ objectKey, intent, severity, feedIds, personIds, text }`.
 * @fires rse-share - The backend stored the share; detail `{ objectKey, messageId, intent }`.
 * @fires rse-error - Sharing or loading the sheet failed; detail `{ operation, code, message }`.
 */
export class RseShareButton extends RseElement {
  static override styles = [baseStyles, mentionStyles, objectCardStyles, shareButtonStyles];

  private readonly mentions = new MentionController(
    this,
    () => this.textarea,
    () => this.client,
  );
  private readonly peopleSearch = new MentionController(
    this,
    () => this.peopleInput,
    () => this.client,
    {
      mode: 'search',
      label: (s) => s.sharePeople,
      exclude: () => this.recipients.map((p) => p.id),
      onChoose: (person) => {
        this.addRecipient(person);
      },
    },
  );

  // Feeds and the record's card are read the first time the sheet opens, not for every button on the page.
  private readonly feedsTask = new Task(this, {
    task: async ([client, engaged]) => (client && engaged ? client.feeds() : initialState),
    args: () => [this.client, this.engaged] as const,
  });
  private readonly cardTask = new Task(this, {
    task: async ([client, key, given, engaged]): Promise<ObjectCard | null | typeof initialState> =>
      client && this.objectRef && key && !given && engaged ? client.getObject(this.objectRef) : initialState,
    args: () => [this.client, this.objectRef ? objectKey(this.objectRef) : null, this.fields !== null, this.engaged] as const,
  });

  private objectRef: ObjectRef | undefined;
  /** The client id of the last failed attempt, reused when the same share is retried so it is never stored twice. */
  private attempt: { readonly signature: string; readonly clientId: string } | null = null;

  @query('.share__button') private button?: HTMLButtonElement;
  @query('dialog') private dialog?: HTMLDialogElement;
  @query('.share__message') private textarea?: HTMLTextAreaElement;
  @query('.share__people-input') private peopleInput?: HTMLInputElement;

  @state() private engaged = false;
  @state() private draft = '';
  @state() private feedIds: readonly string[] = [];
  @state() private recipients: readonly Person[] = [];
  @state() private intent: ShareIntent = 'information';
  @state() private severity: AlertSeverity = 'warning';
  @state() private sending = false;
  @state() private sendError: string | null = null;
  /** What the live region says, rebuilt in the current language at each render. */
  @state() private announcement: Phrase | undefined;

  /** The ERP system the object lives in, when the network spans several. */
  @property() system: string | null = null;

  /** The ERP object type, e.g. `SalesOrder`. */
  @property({ attribute: 'object-type' }) objectType: string | null = null;

  /** The ERP object id, e.g. `4711`. */
  @property({ attribute: 'object-id' }) objectId: string | null = null;

  /** A human title for the object (e.g. `Sales order 4711`), for the sheet and the accessible name. */
  @property({ attribute: 'object-title' }) objectTitle: string | null = null;

  /** Where the record opens in the ERP; the preview card links to it. */
  @property({ attribute: 'object-url' }) objectUrl: string | null = null;

  /**
   * Key fields the host already has ("Customer: Hôtel Bellecour"), shown on the preview card. When set,
   * the card is built from the attributes and these fields, and not asked from the backend.
   */
  @property({ attribute: false }) fields: readonly ObjectField[] | null = null;

  /** Shows only the icon; the accessible name becomes "Share {title}". */
  @property({ type: Boolean, attribute: 'icon-only' }) iconOnly = false;

  /** Whether the share sheet is open. Setting it opens or closes the sheet without firing events. */
  @property({ type: Boolean, reflect: true }) open = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('system') || changed.has('objectType') || changed.has('objectId')) {
      this.objectRef =
        this.objectType && this.objectId ? { system: this.system ?? null, type: this.objectType, id: this.objectId } : undefined;
      if (!this.objectRef) this.warnOnce('object-type and object-id are required; nothing to share.');
    }
    // `client` is protected, so it is missing from PropertyValues<this>'s public keys.
    if ((changed as PropertyValues).has('client') && !this.client) {
      this.warnOnce('no client: call configure({ adapter }) or wrap the element in <rse-provider>.');
    }
    if (this.open) this.engaged = true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.dialog;
    if (!changed.has('open') || !dialog) return;
    if (this.open && !dialog.open) {
      dialog.showModal();
      // showModal() focuses the first focusable element (the card's link, if any); the message comes first.
      (this.textarea ?? dialog.querySelector<HTMLElement>('button'))?.focus();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  private onButtonClick(): void {
    this.announcement = undefined;
    this.open = true;
  }

  /** Escape, Cancel, or a successful send: all end here, through the dialog's own `close` event. */
  private onDialogClose(): void {
    this.open = false;
    this.mentions.close();
    this.peopleSearch.close();
    this.button?.focus();
  }

  private onCancel(): void {
    this.dialog?.close();
  }

  private onDraftInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.sendError && this.draft.length <= MAX_MESSAGE_LENGTH) this.sendError = null;
  }

  private onDraftKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    }
  }

  private onPeopleKeydown(event: KeyboardEvent): void {
    // Enter in a single text field would submit the form; here it only ever chooses a suggestion.
    if (event.key === 'Enter') event.preventDefault();
  }

  private onFeedToggle(feedId: string, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.feedIds = checked ? [...this.feedIds.filter((id) => id !== feedId), feedId] : this.feedIds.filter((id) => id !== feedId);
  }

  private onIntentChange(event: Event): void {
    this.intent = (event.target as HTMLInputElement).value as ShareIntent;
  }

  private onSeverityChange(event: Event): void {
    this.severity = (event.target as HTMLSelectElement).value as AlertSeverity;
  }

  private onSubmit(event: SubmitEvent): void {
    // Enter in a checkbox or radio submits a form in Chromium; sending is only ever an explicit act.
    event.preventDefault();
  }

  private onSend(): void {
    void this.send();
  }

  private addRecipient(person: Person): void {
    if (this.recipients.some((p) => p.id === person.id)) return;
    this.recipients = [...this.recipients, person];
  }

  private async removeRecipient(person: Person): Promise<void> {
    this.recipients = this.recipients.filter((p) => p.id !== person.id);
    await this.updateComplete;
    // The chip and its button are gone: keep keyboard users where people are added.
    this.peopleInput?.focus();
  }

  private get canSend(): boolean {
    return this.draft.trim() !== '' && this.feedIds.length + this.recipients.length > 0 && !this.sending;
  }

  private async send(): Promise<void> {
    const client = this.client;
    const object = this.objectRef;
    if (!client || !object || !this.canSend) return;
    const s = this.strings;
    const text = this.draft;
    if (text.length > MAX_MESSAGE_LENGTH) {
      this.sendError = s.tooLong(formatNumber(this.locale, MAX_MESSAGE_LENGTH));
      return;
    }
    const key = objectKey(object);
    const intent = this.intent;
    const severity = intent === 'alert' ? this.severity : null;
    const feedIds = [...this.feedIds];
    const personIds = this.recipients.map((p) => p.id);
    const request = new RseShareRequestEvent({ objectKey: key, intent, severity, feedIds, personIds, text });
    this.dispatchEvent(request);
    if (request.defaultPrevented) return;

    const signature = JSON.stringify([key, text, intent, severity, feedIds, personIds]);
    if (this.attempt?.signature !== signature) this.attempt = { signature, clientId: newClientId() };
    const clientId = this.attempt.clientId;
    this.sending = true;
    this.sendError = null;
    try {
      const message = await client.publish({ object, text, intent, severity, feedIds, personIds, clientId });
      this.attempt = null;
      this.draft = '';
      this.feedIds = [];
      this.recipients = [];
      this.intent = 'information';
      const title = this.displayTitle();
      this.announcement = (strings) => strings.shareDone(title);
      this.dispatchEvent(new RseShareEvent({ objectKey: key, messageId: message.id, intent }));
      this.open = false;
    } catch (error) {
      const rseError = toRseError(error);
      this.sendError = s.shareError(this.describeError(rseError.code));
      this.dispatchEvent(new RseErrorEvent({ operation: 'share', code: rseError.code, message: rseError.message }));
    } finally {
      this.sending = false;
    }
  }

  /** The card being previewed: the host's fields, else the backend's card once read. */
  private card(): ObjectCard | null {
    if (!this.objectRef) return null;
    if (this.fields !== null) {
      return { object: this.objectRef, title: this.objectTitle, url: this.objectUrl, fields: this.fields };
    }
    return this.cardTask.value ?? null;
  }

  private displayTitle(): string {
    if (!this.objectRef) return '';
    return this.objectTitle ?? this.card()?.title ?? this.strings.objectReference(this.objectRef.type, this.objectRef.id);
  }

  private intentLabel(intent: ShareIntent): string {
    const s = this.strings;
    return intent === 'request' ? s.intentRequest : intent === 'alert' ? s.intentAlert : s.intentInformation;
  }

  private severityLabel(severity: AlertSeverity): string {
    const s = this.strings;
    return severity === 'critical' ? s.severityCritical : severity === 'warning' ? s.severityWarning : s.severityInfo;
  }

  private renderCard(object: ObjectRef): TemplateResult {
    const s = this.strings;
    const card = this.card();
    const url = safeUrl(this.objectUrl ?? card?.url ?? null);
    const title = this.displayTitle();
    return html`<div class="card" part="card">
      <div class="card__title">
        ${url
          ? html`<a href=${url} target="_blank" rel="noopener noreferrer"
              >${title}<span class="visually-hidden"> (${s.externalLink})</span></a
            >`
          : title}
      </div>
      <div class="card__ref">${object.type} · ${object.id}</div>
      ${this.cardTask.status === TaskStatus.PENDING ? html`<div class="card__loading" role="status">${s.shareCardLoading}</div>` : nothing}
      ${card && card.fields.length > 0
        ? html`<dl class="card__fields">
            ${card.fields.map((field) => html`<div><dt>${field.label}</dt><dd>${field.value}</dd></div>`)}
          </dl>`
        : nothing}
    </div>`;
  }

  private renderFeeds(): unknown {
    const s = this.strings;
    return this.feedsTask.render({
      pending: () => html`<p class="share__note" role="status">${s.shareFeedsLoading}</p>`,
      error: (error) => html`<p class="share__note share__note--error">${s.shareFeedsError(this.describeError(toRseError(error).code))}</p>`,
      complete: (feeds) =>
        feeds.length === 0
          ? html`<p class="share__note">${s.shareNoFeeds}</p>`
          : feeds.map(
              (feed, index) => html`<div class="share__check">
                <input
                  type="checkbox"
                  id=${`share-feed-${String(index)}`}
                  .checked=${this.feedIds.includes(feed.id)}
                  aria-describedby=${feed.description ? `share-feed-${String(index)}-description` : nothing}
                  @change=${(event: Event) => {
                    this.onFeedToggle(feed.id, event);
                  }}
                />
                <label class="share__check-label" for=${`share-feed-${String(index)}`}>${feed.name}</label>
                ${feed.description
                  ? html`<span class="share__check-description" id=${`share-feed-${String(index)}-description`}>${feed.description}</span>`
                  : nothing}
              </div>`,
            ),
    });
  }

  private renderForm(object: ObjectRef): TemplateResult {
    const s = this.strings;
    return html`<form class="share__form" @submit=${this.onSubmit}>
      ${this.renderCard(object)}
      <div class="share__composer" part="composer">
        <label class="share__label" for="share-message">${s.shareMessageLabel}</label>
        <textarea
          id="share-message"
          class="share__message"
          .value=${this.draft}
          placeholder=${s.shareMessagePlaceholder}
          aria-describedby="share-hint share-error"
          aria-invalid=${this.sendError ? 'true' : 'false'}
          @input=${this.onDraftInput}
          @keydown=${this.onDraftKeydown}
        ></textarea>
        ${this.mentions.renderListbox()}
      </div>
      <fieldset class="share__group">
        <legend class="share__label">${s.shareAudience}</legend>
        <fieldset class="share__subgroup">
          <legend class="share__sublabel">${s.shareFeeds}</legend>
          ${this.renderFeeds()}
        </fieldset>
        <div class="share__subgroup" role="group" aria-labelledby="share-people-label">
          <span class="share__sublabel" id="share-people-label">${s.sharePeople}</span>
          <ul class="share__chips" ?hidden=${this.recipients.length === 0}>
            ${this.recipients.map(
              (person) => html`<li class="chip">
                <span>${person.name}</span>
                <button
                  type="button"
                  class="chip__remove"
                  aria-label=${s.shareRemovePerson(person.name)}
                  @click=${() => void this.removeRecipient(person)}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>`,
            )}
          </ul>
          <label class="share__add-label" for="share-people">${s.shareAddPeople}</label>
          <input
            id="share-people"
            class="share__people-input"
            type="text"
            autocomplete="off"
            placeholder=${s.shareAddPeoplePlaceholder}
            @keydown=${this.onPeopleKeydown}
          />
          ${this.peopleSearch.renderListbox()}
        </div>
      </fieldset>
      <div class="share__kind-row">
        <fieldset class="share__group share__kind">
          <legend class="share__label">${s.shareKind}</legend>
          ${INTENTS.map(
            (intent) => html`<label class="share__radio">
              <input type="radio" name="intent" value=${intent} .checked=${this.intent === intent} @change=${this.onIntentChange} />
              ${this.intentLabel(intent)}
            </label>`,
          )}
        </fieldset>
        ${this.intent === 'alert'
          ? html`<div class="share__severity">
              <label class="share__label" for="share-severity">${s.shareSeverity}</label>
              <select id="share-severity" @change=${this.onSeverityChange}>
                ${SEVERITIES.map(
                  (severity) => html`<option value=${severity} ?selected=${this.severity === severity}>${this.severityLabel(severity)}</option>`,
                )}
              </select>
            </div>`
          : nothing}
      </div>
      <p class="share__note" id="share-hint">${s.shareHint}</p>
      <p class="share__error" id="share-error" role="alert">${this.sendError ?? nothing}</p>
      <div class="share__actions">
        <button type="button" class="share__send" ?disabled=${!this.canSend} @click=${this.onSend}>${this.sending ? s.sending : s.send}</button>
        <button type="button" class="share__cancel" @click=${this.onCancel}>${s.shareCancel}</button>
      </div>
    </form>`;
  }

  private renderUnavailable(message: string): TemplateResult {
    return html`<p class="share__note" role="status">${message}</p>
      <div class="share__actions">
        <button type="button" class="share__cancel" @click=${this.onCancel}>${this.strings.shareCancel}</button>
      </div>`;
  }

  protected override render(): TemplateResult {
    const s = this.strings;
    const object = this.objectRef;
    const title = this.displayTitle();
    return html`<span class="share" part="base" dir=${this.direction} lang=${this.stringsLang}>
      <button
        type="button"
        class="share__button"
        part="button"
        aria-haspopup="dialog"
        aria-label=${this.iconOnly ? (title ? s.shareObject(title) : s.share) : nothing}
        @click=${this.onButtonClick}
      >
        <svg class="share__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${SHARE_ICON}</svg>
        <span class="share__button-label" ?hidden=${this.iconOnly}><slot>${s.share}</slot></span>
      </button>
      <dialog class="sheet" part="dialog" aria-labelledby="share-heading" @close=${this.onDialogClose}>
        <h2 class="sheet__heading" id="share-heading">${title ? s.shareObject(title) : s.share}</h2>
        ${!object
          ? this.renderUnavailable(s.shareNoObject)
          : !this.client
            ? this.renderUnavailable(s.noClient)
            : this.renderForm(object)}
      </dialog>
      <span class="visually-hidden" role="status">${this.announcement?.(this.strings, this.locale)}</span>
    </span>`;
  }
}

