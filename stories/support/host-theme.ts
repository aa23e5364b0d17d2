/**
 * What each host theme of `.storybook/preview.ts` changes in an element, for play functions that check
 * the element really inherits it. The elements read the ERP's own variables (SAP theming parameters,
 * Oracle Redwood's `--oj-core-*`), so the font and the accent colour are the visible proof.
 */
export const HOST_THEMES = {
  fiori: { fontFamily: /^"72"/u, accent: 'rgb(0, 112, 242)' },
  redwood: { fontFamily: /^"Oracle Sans"/u, accent: 'rgb(34, 126, 158)' },
} as const;

export type HostTheme = keyof typeof HOST_THEMES;

/** The font family an element resolved on its host (a theme's font comes through `--_rse-font`). */
export function hostFont(element: Element): string {
  return getComputedStyle(element).fontFamily;
}
