import { css } from 'lit';

/** The ERP object card shared by the feed and the share sheet: its frame, title, reference and key fields. */
export const objectCardStyles = css`
  .card {
    padding: var(--_rse-space) calc(var(--_rse-space) * 1.5);
    border: 1px solid var(--_rse-border);
    border-inline-start: 0.25rem solid var(--_rse-accent);
    border-radius: var(--_rse-radius);
    background: var(--_rse-surface-alt);
  }

  .card__title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

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
