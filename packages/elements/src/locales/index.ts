import { de } from './de.js';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';

export type { Messages } from './en.js';

// A small typed catalogue instead of @lit/localize: lit-localize sets one locale for the whole page,
// but an ERP screen can hold a French panel beside a German one, and each element follows its own
// `lang`. The catalogues are a few hundred bytes each, so all three ship in the bundle.
const CATALOGUES: Readonly<Record<string, Messages>> = { en, fr, de };

/** The languages with a complete catalogue. */
export const SUPPORTED_LOCALES = Object.keys(CATALOGUES);

/** The catalogue for a BCP 47 tag (`fr-CA` → French), English when the language is not supported. */
export function messagesFor(locale: string): Messages {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  return CATALOGUES[language] ?? en;
}
