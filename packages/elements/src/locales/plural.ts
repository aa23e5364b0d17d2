import { catalogueLanguage } from './index.js';

/**
 * Plural forms of one phrase, keyed by CLDR plural category. `other` is required; a language adds the
 * categories it uses (English and German `one`; French `one`, which also covers 0; Polish `few`, `many`).
 */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, (formatted: string) => string>>> & {
  readonly other: (formatted: string) => string;
};

// One PluralRules per language for the whole page: a list of 1,000 badges asks 2,000 times per render.
const rules = new Map<string, Intl.PluralRules>();

/** The rules of a catalogue language (always a well-formed tag: `en`, `fr`, `de`). */
function rulesFor(language: string): Intl.PluralRules {
  let found = rules.get(language);
  if (!found) {
    found = new Intl.PluralRules(language);
    rules.set(language, found);
  }
  return found;
}

/**
 * The phrase for `count` in `locale`, e.g. `plural('fr', 0, forms, '0')` → "0 commentaire". The rules are
 * those of the catalogue that serves `locale`, not of `locale` itself: a Japanese page gets English
 * strings, so it needs English rules ("1 message"), not Japanese ones, which have no singular.
 */
export function plural(locale: string, count: number, forms: PluralForms, formatted: string): string {
  const form = forms[rulesFor(catalogueLanguage(locale)).select(count)] ?? forms.other;
  return form(formatted);
}
