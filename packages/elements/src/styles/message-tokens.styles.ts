import { css } from 'lit';

/**
 * The parts of message markup (markup/render-tokens.ts) that look alike wherever a message shows, in the
 * thread and in the feed: inline code, links and ERP object references. Mentions and hashtags differ
 * (a feed's hashtag is a filter button) and stay with each element.
 */
export const messageTokenStyles = css`
  code {
    font-family: var(--rse-font-family-mono, ui-monospace, monospace);
    background: var(--_rse-surface-alt);
    padding: 0 0.25em;
    border-radius: 0.25em;
  }

  .token--link {
    color: var(--_rse-link);
  }

  .token--object {
    display: inline-block;
    padding: 0 0.4em;
    border: 1px solid var(--_rse-accent);
    border-radius: 0.25em;
    /* The link colour, not the brand colour: Fiori Horizon's brand blue on a grey chip is 4.2:1. */
    color: var(--_rse-link);
    background: var(--_rse-surface-alt);
  }

  @media (forced-colors: active) {
    .token--object {
      border: 1px solid CanvasText;
    }
  }
`;
