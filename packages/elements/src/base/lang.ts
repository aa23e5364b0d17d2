/**
 * The `lang` declared for `element`: its own, else the nearest ancestor's, crossing shadow roots (an
 * ERP shell often sets `lang` on its own host element), else the document's; `null` when none is.
 */
export function declaredLang(element: Element): string | null {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return null;
}

/** The language that applies to `element`: the declared one, else the browser's. */
export function resolveLang(element: Element): string {
  return declaredLang(element) ?? (navigator.language || 'en');
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
