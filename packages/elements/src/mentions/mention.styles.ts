import { css } from 'lit';

/** The suggestions listbox of a {@link MentionController}; add it to the host's styles. */
export const mentionStyles = css`
  .mentions {
    position: relative;
  }

  .mentions__list {
    position: absolute;
    inset-block-start: 0.125rem;
    inset-inline: 0;
    z-index: 1;
    margin: 0;
    padding: 0.25rem 0;
    list-style: none;
    max-block-size: 14rem;
    overflow-y: auto;
    background: var(--_rse-surface);
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 15%);
  }

  .mentions__list[hidden] {
    display: none;
  }

  .mentions__option {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: var(--_rse-space);
    padding: 0.375rem 0.75rem;
    cursor: pointer;
  }

  .mentions__option[aria-selected='true'] {
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
  }

  .mentions__name {
    font-weight: 600;
  }

  .mentions__title {
    font-size: 0.85em;
  }

  @media (forced-colors: active) {
    .mentions__option[aria-selected='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
  }
`;
