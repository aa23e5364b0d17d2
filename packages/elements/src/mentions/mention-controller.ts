import type { Person, RseClient } from '@rse/core';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { formatNumber } from '../base/format.js';
import { resolveLang } from '../base/lang.js';
import { messagesFor, type Messages, type Phrase } from '../locales/index.js';
import { plural } from '../locales/plural.js';

/** A text field the controller can drive. */
export type MentionField = HTMLTextAreaElement | HTMLInputElement;

/** What a {@link MentionController} can be told beyond its host, field and client. */
export interface MentionControllerOptions {
  /**
   * `mention` (default): an `@query` typed anywhere in the text is replaced by the structured mention
   * `@[Display Name](person-id)`. `search`: the whole field is the query, the field is cleared on choice,
   * and `onChoose` does something with the person (the share sheet's "Add people").
   */
  readonly mode?: 'mention' | 'search';
  /** Called with the person chosen, after the text was changed. */
  readonly onChoose?: (person: Person) => void;
  /** Ids of people not to suggest (already added, the viewer). */
  readonly exclude?: () => Iterable<string>;
  /** The listbox's accessible name; "People" by default. */
  readonly label?: (strings: Messages) => string;
  /** Quiet time after the last keystroke before searching, in ms. */
  readonly debounceMs?: number;
  /** Most suggestions shown. */
  readonly limit?: number;
}

/** Pause after typing before asking the backend: fast typists cause one search, not one per key. */
const DEFAULT_DEBOUNCE_MS = 120;
const DEFAULT_LIMIT = 6;

/**
 * `@` then a name as typed, right before the caret. A letter or digit before `@` means an e-mail
 * address (as in the core parser), and `[` after it is a finished structured mention, so neither opens
 * suggestions. Names contain letters, combining marks, digits and `.`, `_`, `-`, apostrophes.
 */
const MENTION_BEFORE_CARET = /(?:^|[^\p{L}\p{N}])@([\p{L}\p{M}\p{N}._'’-]{1,40})$/u;

// Characters a structured mention's label cannot hold (`]` ends the label; the parser refuses line breaks).
const LABEL_UNSAFE = /[[\]\r\n]+/gu;

// Unique ids per controller: a host may hold two (the share sheet has a composer and "Add people").
let instances = 0;

/**
 * @mention suggestions for a text field, as the ARIA combobox pattern: typing `@` and letters searches
 * people through `client.searchPeople` (debounced), the suggestions show in a listbox, ArrowUp and
 * ArrowDown move, Enter or Tab choose, Escape closes, and a polite live region says how many were found.
 * Choosing replaces the typed `@query` with `@[Display Name](person-id)` and leaves the caret after it.
 *
 * It attaches its own listeners to the field (so a consumer writes two lines), and sets the combobox's
 * ARIA attributes on it after each host update; the host's template must not bind those attributes.
 *
 * On an `<input>` the field becomes a full `role="combobox"` with `aria-expanded`. A `<textarea>` may not
 * take that role (ARIA in HTML; axe's aria-allowed-role), nor `aria-expanded` as a textbox, so there it
 * stays a textbox with `aria-autocomplete="list"`, `aria-controls` and `aria-activedescendant` — the
 * attributes a textbox may carry — and the live region says when suggestions appear.
 *
 * @example
 * private readonly mentions = new MentionController(this, () => this.textarea, () => this.client);
 * // in render(), right after the textarea:
 * ${this.mentions.renderListbox()}
 * // and in styles: [baseStyles, mentionStyles, ownStyles]
 */
export class MentionController implements ReactiveController {
  private readonly id = `rse-mentions-${String(++instances)}`;
  private readonly mode: 'mention' | 'search';
  private attached: MentionField | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private searchSeq = 0;
  /** The typed query and where it sits in the field's value (`@` included), or `null` when none. */
  private pending: { readonly query: string; readonly start: number; readonly end: number } | null = null;
  private people: readonly Person[] = [];
  private active = -1;
  /** What the live region says, rebuilt in the host's current language at each render. */
  private announcement: Phrase | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly field: () => MentionField | null | undefined,
    private readonly client: () => RseClient | undefined,
    private readonly options: MentionControllerOptions = {},
  ) {
    this.mode = options.mode ?? 'mention';
    host.addController(this);
  }

  /** Whether the suggestions are showing. */
  get open(): boolean {
    return this.pending !== null && this.people.length > 0;
  }

  /** The people suggested now, best match first. */
  get results(): readonly Person[] {
    return this.people;
  }

  hostUpdated(): void {
    const field = this.field() ?? undefined;
    if (field !== this.attached) {
      this.detach();
      if (field) this.attach(field);
    }
    this.syncAria();
  }

  hostDisconnected(): void {
    this.detach();
    this.reset();
  }

  /** Closes the suggestions without choosing. */
  close(): void {
    if (this.pending === null && this.people.length === 0) return;
    this.reset();
    this.host.requestUpdate();
  }

  private readonly onInput = (): void => {
    this.detect();
  };

  private readonly onCaretMove = (): void => {
    // The caret left the `@query` (a click elsewhere, Home, arrows): the suggestions no longer apply.
    if (this.pending && this.queryAtCaret()?.start !== this.pending.start) this.detect();
  };

  private readonly onBlur = (): void => {
    this.close();
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    // While an input method composes (Japanese, Chinese…), Enter and arrows belong to it.
    if (!this.open || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    const count = this.people.length;
    switch (event.key) {
      case 'ArrowDown':
        this.active = (this.active + 1) % count;
        break;
      case 'ArrowUp':
        this.active = (this.active - 1 + count) % count;
        break;
      case 'Enter':
      case 'Tab': {
        // Tab chooses rather than leaving the field: moving on with a half-typed @name is never wanted.
        const person = this.people[this.active] ?? this.people[0];
        if (person) this.choose(person);
        break;
      }
      case 'Escape':
        // Stop here so an enclosing <dialog> does not close too: Escape undoes one thing at a time.
        event.stopPropagation();
        this.close();
        break;
      default:
        return;
    }
    event.preventDefault();
    this.host.requestUpdate();
  };

  private attach(field: MentionField): void {
    this.attached = field;
    // As HTMLElement: TypeScript cannot pick an event map overload on a union of element types.
    const target: HTMLElement = field;
    target.addEventListener('input', this.onInput);
    target.addEventListener('keydown', this.onKeydown);
    target.addEventListener('click', this.onCaretMove);
    target.addEventListener('keyup', this.onCaretMove);
    target.addEventListener('blur', this.onBlur);
    if (field instanceof HTMLInputElement) field.setAttribute('role', 'combobox');
    field.setAttribute('aria-autocomplete', 'list');
    field.setAttribute('aria-controls', `${this.id}-list`);
  }

  private detach(): void {
    const field: HTMLElement | undefined = this.attached;
    if (!field) return;
    field.removeEventListener('input', this.onInput);
    field.removeEventListener('keydown', this.onKeydown);
    field.removeEventListener('click', this.onCaretMove);
    field.removeEventListener('keyup', this.onCaretMove);
    field.removeEventListener('blur', this.onBlur);
    this.attached = undefined;
  }

  private syncAria(): void {
    const field = this.attached;
    if (!field) return;
    if (field instanceof HTMLInputElement) field.setAttribute('aria-expanded', this.open ? 'true' : 'false');
    const activeId = this.open && this.active >= 0 ? this.optionId(this.active) : null;
    if (activeId) {
      field.setAttribute('aria-activedescendant', activeId);
      // Keep the highlighted option visible in a list that scrolls.
      const option = (field.getRootNode() as Document | ShadowRoot).getElementById(activeId);
      option?.scrollIntoView({ block: 'nearest' });
    } else {
      field.removeAttribute('aria-activedescendant');
    }
  }

  /** The `@query` (or, in search mode, the whole value) the caret is in, or `null`. */
  private queryAtCaret(): { query: string; start: number; end: number } | null {
    const field = this.attached;
    if (!field) return null;
    if (this.mode === 'search') {
      const query = field.value.trim();
      return query === '' ? null : { query, start: 0, end: field.value.length };
    }
    const caret = field.selectionStart ?? field.value.length;
    if (caret !== field.selectionEnd) return null;
    const match = MENTION_BEFORE_CARET.exec(field.value.slice(0, caret));
    const query = match?.[1];
    if (query === undefined) return null;
    return { query, start: caret - query.length - 1, end: caret };
  }

  private detect(): void {
    const next = this.queryAtCaret();
    clearTimeout(this.timer);
    if (!next) {
      this.close();
      return;
    }
    const sameQuery = this.pending?.query === next.query && this.pending.start === next.start;
    this.pending = next;
    if (sameQuery) return;
    const seq = ++this.searchSeq;
    this.timer = setTimeout(() => void this.search(next.query, seq), this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  private async search(query: string, seq: number): Promise<void> {
    const client = this.client();
    if (!client) return;
    const limit = this.options.limit ?? DEFAULT_LIMIT;
    try {
      const excluded = new Set(this.options.exclude?.() ?? []);
      // Ask for a few more than shown, so excluded people do not leave the list short.
      const found = (await client.searchPeople(query, limit + excluded.size)).filter((p) => !excluded.has(p.id)).slice(0, limit);
      // A slower answer to an older query must not replace a newer one.
      if (seq !== this.searchSeq || this.pending?.query !== query) return;
      this.people = found;
      this.active = found.length > 0 ? 0 : -1;
      const count = found.length;
      this.announcement = count === 0 ? (s) => s.mentionNoResults : (s, locale) => plural(locale, count, s.mentionResults, formatNumber(locale, count));
    } catch {
      if (seq !== this.searchSeq) return;
      this.people = [];
      this.active = -1;
      this.announcement = (s) => s.mentionSearchError;
    }
    this.host.requestUpdate();
  }

  private choose(person: Person): void {
    const field = this.attached;
    const at = this.pending;
    if (!field || !at) return;
    if (this.mode === 'search') {
      field.value = '';
    } else {
      const label = person.name.replace(LABEL_UNSAFE, ' ').trim() || person.id;
      const mention = `@[${label}](${person.id})`;
      const after = field.value.slice(at.end);
      // Followed by a space (added unless one is there), so the author goes on typing prose after it.
      const spacer = /^\s/u.test(after) ? '' : ' ';
      field.value = field.value.slice(0, at.start) + mention + spacer + after;
      const caret = at.start + mention.length + 1;
      field.setSelectionRange(caret, caret);
    }
    this.reset();
    // The host keeps its draft from `input` events; tell it the text changed, as typing would.
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.options.onChoose?.(person);
    this.host.requestUpdate();
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.searchSeq++;
    this.pending = null;
    this.people = [];
    this.active = -1;
  }

  private strings(): Messages {
    return messagesFor(resolveLang(this.host));
  }

  private optionId(index: number): string {
    return `${this.id}-option-${String(index)}`;
  }

  /**
   * The suggestions listbox and its live region. Render it right after the field, inside an element
   * that is `position: relative` or not (the list positions itself under that point), and include
   * `mentionStyles` in the host's styles.
   */
  renderListbox(): TemplateResult {
    const strings = this.strings();
    const open = this.open;
    return html`<div class="mentions">
      <ul
        id=${`${this.id}-list`}
        class="mentions__list"
        role="listbox"
        aria-label=${this.options.label?.(strings) ?? strings.mentionListLabel}
        ?hidden=${!open}
      >
        ${open
          ? this.people.map(
              (person, index) =>
                html`<li
                  id=${this.optionId(index)}
                  class="mentions__option"
                  role="option"
                  aria-selected=${index === this.active ? 'true' : 'false'}
                  @mousedown=${keepFocus}
                  @click=${() => {
                    this.choose(person);
                  }}
                >
                  <span class="mentions__name">${person.name}</span>
                  ${person.title ? html`<span class="mentions__title">${person.title}</span>` : nothing}
                </li>`,
            )
          : nothing}
      </ul>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement?.(strings, resolveLang(this.host))}</div>
    </div>`;
  }
}

/** A press on an option must not blur the field first (blur closes the list before the click lands). */
function keepFocus(event: MouseEvent): void {
  event.preventDefault();
}
