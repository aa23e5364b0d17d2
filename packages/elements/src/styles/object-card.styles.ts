import { css } from 'lit';

/** The parts of an ERP object card shared by the feed and the share sheet: its reference and key fields. */
export const objectCardStyles = css`
  .card__ref {
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .card__fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
    gap: 0.25rem var(--_rse-space);
    margin: 0.375rem 0 0;
  }

  .card__fields dt {
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .card__fields dd {
    margin: 0;
  }
`;
