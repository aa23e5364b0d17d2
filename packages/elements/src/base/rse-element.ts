import { consume } from '@lit/context';
import type { RseClient, RseErrorCode } from '@rse/core';
import { LitElement, type CSSResultGroup } from 'lit';
import { state } from 'lit/decorators.js';
import { clientContext } from '../context/client-context.js';
import { ensureContextRoot } from '../context/configure.js';
import { messagesFor, stringsLanguage, type Messages } from '../locales/index.js';
import { baseStyles } from '../styles/base.styles.js';
import { languageOf, resolveDir } from './lang.js';

// One observer for the whole page: an element re-renders when any `lang` or `dir` above it changes.
const connected = new Set<RseElement>();
let languageObserver: MutationObserver | undefined;

function watchLanguage(element: RseElement): void {
  connected.add(element);
  if (languageObserver || typeof MutationObserver === 'undefined') return;
  languageObserver = new MutationObserver(() => {
    for (const each of connected) each.refreshLanguage();
  });
  languageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
}

const warned = new Set<string>();

/**
 * The base of every RSE element: the shared stylesheet, the client from context, the language and
 * direction that apply to the element, localized strings, and dev-mode warnings.
 */
export class RseElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

  /** The client from `configure()` or the nearest `<rse-provider>`; `undefined` until one exists. */
  @consume({ context: clientContext, subscribe: true })
  @state()
  protected client: RseClient | undefined;

  /** The resolved language (BCP 47) the element speaks. */
  @state() protected locale = 'en';

  /** The resolved writing direction. */
  @state() protected direction: 'ltr' | 'rtl' = 'ltr';

  /** Whether the shadow content inherits {@link locale} through a `lang` attribute (see `languageOf`). */
  @state() protected localeInherited = false;

  /** Strings in {@link locale}. */
  protected get strings(): Messages {
    return messagesFor(this.locale);
  }

  /**
   * The language {@link strings} are written in, for the `lang` of the part that shows them: the
   * locale, or the catalogue's language when there is none for it (a `ja` page reads English).
   */
  protected get stringsLang(): string {
    return stringsLanguage(this.locale);
  }

  override connectedCallback(): void {
    // Before super: the context consumer asks for the client as the element connects.
    ensureContextRoot();
    super.connectedCallback();
    watchLanguage(this);
    this.refreshLanguage();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  /** @internal Re-reads `lang` and `dir` from the element and its ancestors. */
  refreshLanguage(): void {
    const { lang, inherited } = languageOf(this);
    this.locale = lang;
    this.localeInherited = inherited;
    this.direction = resolveDir(this);
  }

  /** A sentence that says what an error code means for the user, in the element's language. */
  protected describeError(code: RseErrorCode): string {
    const s = this.strings;
    switch (code) {
      case 'NOT_FOUND':
        return s.errorNotFound;
      case 'NETWORK':
        return s.errorNetwork;
      case 'UNAUTHENTICATED':
        return s.errorUnauthenticated;
      case 'FORBIDDEN':
        return s.errorForbidden;
      case 'INVALID_INPUT':
        return s.errorInvalid;
      case 'INTERNAL':
        return s.errorInternal;
    }
  }

  /** Logs a developer-facing warning once per message, to help integrators without flooding the console. */
  protected warnOnce(message: string): void {
    if (warned.has(message)) return;
    warned.add(message);
    console.warn(`[rse] <${this.localName}>: ${message}`);
  }
}
