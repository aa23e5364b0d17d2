import { css } from 'lit';

// Shared by every badge through adoptedStyleSheets: a page of 1,000 badges parses this once.
export const objectBadgeStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
    /* The button's own minimum, held while the badge waits for its counts and draws nothing. */
    min-block-size: 1.5rem;
    min-inline-size: 1.5rem;
  }

  /* Nothing in most badges is positioned, clipped or an SVG: each would cost a layer or a replaced
     box, 1,000 times over on a list page. */
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    min-block-size: 1.5rem;
    min-inline-size: 1.5rem;
    padding: 0 0.4em;
    border: 1px solid transparent;
    border-radius: var(--_rse-radius);
    background: none;
    color: var(--rse-object-badge-color, var(--_rse-text-muted));
    font-size: inherit;
    line-height: 1;
    white-space: nowrap;
  }

  /* Holds the visually hidden words of a badge named by its content, which are positioned absolutely. */
  .badge--spoken {
    position: relative;
  }

  .badge:hover:not([disabled]) {
    background: var(--_rse-surface-alt);
    border-color: var(--_rse-border);
  }

  :host([compact]) .badge__icon {
    display: none;
  }

  /* A speech bubble drawn with one box: an outlined, rounded box whose start corner below stays sharp,
     the way many icon sets draw a chat bubble (mirrored in right-to-left text). A separate tail
     (a pseudo-element per badge) made a page of 1,000 badges 5–10 ms slower to paint. */
  .badge__icon {
    flex: none;
    inline-size: 0.85em;
    block-size: 0.8em;
    border: 0.1em solid currentColor;
    border-radius: 50%;
    border-end-start-radius: 0;
  }

  .badge__count {
    font-variant-numeric: tabular-nums;
  }

  .badge__unread {
    padding: 0.15em 0.45em;
    border-radius: 1em;
    background: var(--rse-object-badge-unread-color, var(--_rse-accent));
    color: var(--_rse-on-accent);
    font-size: 0.85em;
    font-weight: 600;
  }

  .badge__dot {
    inline-size: 0.5em;
    block-size: 0.5em;
    border-radius: 50%;
    background: var(--rse-object-badge-unread-color, var(--_rse-accent));
  }

  /* A quiet bar in the number's place while the page's one count request is on its way. */
  .badge__count--loading {
    display: inline-block;
    inline-size: 1.2em;
    block-size: 0.8em;
    border-radius: 0.2em;
    background: var(--_rse-border);
  }

  .badge--error .badge__count {
    color: var(--_rse-error);
  }

  @media (forced-colors: active) {
    .badge__unread,
    .badge__dot {
      border: 1px solid CanvasText;
    }
  }
`;
