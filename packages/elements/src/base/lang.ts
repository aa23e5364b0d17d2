/**
 * The language that applies to `element`: its own `lang`, else the nearest ancestor's, crossing
 * shadow roots (an ERP shell often sets `lang` on its own host element), else the document's, else
 * the browser's. `inherited` says whether the element's shadow content inherits that language through
 * a `lang` attribute: not when it came from the browser, nor when an empty `lang` ("unknown") stands
 * between the element and the one found.
 */
export function languageOf(element: Element): { readonly lang: string; readonly inherited: boolean } {
  let inherited = true;
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) {
      const lang = node.getAttribute('lang');
      if (lang) return { lang, inherited };
      inherited = false;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return { lang: navigator.language || 'en', inherited: false };
}

/** The language that applies to `element` (see {@link languageOf}). */
export function resolveLang(element: Element): string {
  return languageOf(element).lang;
}

/** `rtl` or `ltr` for `element`, following the same inheritance as `dir` in CSS. */
export function resolveDir(element: Element): 'ltr' | 'rtl' {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element) {
      const dir = node.getAttribute('dir');
      if (dir === 'rtl' || dir === 'ltr') return dir;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return 'ltr';
}
