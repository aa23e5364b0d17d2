/**
 * `url` when it may go into an `href`: http(s) only, relative URLs resolved against the page (ERP deep
 * links are often relative, e.g. a Fiori launchpad hash). Cards come from a backend, not from this
 * page, so a `javascript:` or `data:` URL in one must never become a link. `null` otherwise.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const resolved = new URL(url, document.baseURI);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null;
  } catch {
    return null;
  }
}
