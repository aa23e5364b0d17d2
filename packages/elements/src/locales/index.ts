import { joinStringsAndValues, type StrResult } from '@lit/localize';
import { templates as de } from './generated/de.js';
import { templates as en } from './generated/en.js';
import { allLocales } from './generated/locale-codes.js';
import type { PluralForms } from './plural.js';
import { source } from './source.js';

export type { PluralForms } from './plural.js';

type Source = typeof source;
type SourceMessage = (...values: string[]) => string;
type Template = string | StrResult;

/**
 * The strings of one language: a message without values is a plain string, a message with values a
 * function of them, and a phrase with a count its {@link PluralForms}.
 */
export type Messages = {
  readonly [K in keyof Source]: Source[K] extends () => string ? string : Source[K] extends SourceMessage ? Source[K] : PluralForms;
};

// Runtime-mode lit-localize, looked up per element rather than per page. `configureLocalization()`
// holds one locale for the whole document, but an ERP screen can hold a French panel beside a German
// one and each element follows its own `lang`; so each element reads the generated templates of its
// language directly and fills them with lit-localize's own `joinStringsAndValues`. French, the source
// language, comes from the source catalogue's own `msg()` (source-msg.ts), which ignores any page-wide
// locale the host page may have configured for itself.
const TRANSLATIONS: Readonly<Record<string, Readonly<Record<string, Template>>>> = { en, de };

/** The languages with a complete catalogue. */
export const SUPPORTED_LOCALES: readonly string[] = allLocales;

const built = new Map<string, Messages>();

function localize(message: SourceMessage, id: string, templates: Readonly<Record<string, Template>> | undefined): unknown {
  const template = templates?.[id];
  const translated: SourceMessage =
    template === undefined
      ? message
      : typeof template === 'string'
        ? () => template
        : (...values) => joinStringsAndValues(template.strings, values, template.values as number[]);
  return message.length === 0 ? translated() : translated;
}

function build(language: string): Messages {
  const templates = TRANSLATIONS[language];
  const messages: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(source)) {
    messages[key] =
      typeof entry === 'function'
        ? localize(entry, key, templates)
        : Object.fromEntries(Object.entries(entry).map(([category, form]) => [category, localize(form, `${key}.${category}`, templates)]));
  }
  return messages as Messages;
}

/** What one BCP 47 tag is served in: its catalogue, and the language of the strings it gets. */
interface TagLanguages {
  readonly catalogue: string;
  readonly strings: string;
}

// Per tag, worked out once: a list of 1,000 badges asks several times per badge and render, and
// splitting and lower-casing the tag each time was ~3 ms of that render's CPU profile.
const tagLanguages = new Map<string, TagLanguages>();

function languagesOf(locale: string): TagLanguages {
  let languages = tagLanguages.get(locale);
  if (!languages) {
    const requested = locale.toLowerCase().split('-')[0] ?? 'en';
    const catalogue = SUPPORTED_LOCALES.includes(requested) ? requested : 'en';
    languages = { catalogue, strings: requested === catalogue ? locale : catalogue };
    tagLanguages.set(locale, languages);
  }
  return languages;
}

/** The catalogue language that serves a BCP 47 tag: `fr-CA` → `fr`; `ja` (no catalogue) → `en`. */
export function catalogueLanguage(locale: string): string {
  return languagesOf(locale).catalogue;
}

/**
 * The language the strings for a tag are written in, for a `lang` attribute: the tag itself when a
 * catalogue serves its language (`fr-CA`), else that catalogue's language (`ja` reads English: `en`).
 */
export function stringsLanguage(locale: string): string {
  return languagesOf(locale).strings;
}

/** The strings for a BCP 47 tag (`fr-CA` → French), English when the language is not supported. */
export function messagesFor(locale: string): Messages {
  const language = catalogueLanguage(locale);
  let messages = built.get(language);
  if (!messages) {
    messages = build(language);
    built.set(language, messages);
  }
  return messages;
}

/**
 * A sentence kept as a function of the language rather than as text, for state that outlives a render
 * (a live region's last announcement): a `lang` change then re-renders it in the new language.
 */
export type Phrase = (strings: Messages, locale: string) => string;
