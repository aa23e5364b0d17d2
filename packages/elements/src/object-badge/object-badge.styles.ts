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

  .badge {
    /* Holds the visually hidden words, which are positioned absolutely. */
    position: relative;
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

  .badge:hover:not([disabled]) {
    background: var(--_rse-surface-alt);
    border-color: var(--_rse-border);
  }

  :host([compact]) .badge__icon {
    display: none;
  }

  .badge__icon {
    inline-size: 1.1em;
    block-size: 1.1em;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linejoin: round;
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
  .badge__placeholder {
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
