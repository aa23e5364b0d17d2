import { css } from 'lit';

export const shareButtonStyles = css`
  :host {
    display: inline-block;
  }

  .share__button {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    background: var(--rse-share-button-background, var(--_rse-surface));
    color: var(--rse-share-button-color, var(--_rse-accent));
  }

  .share__icon {
    inline-size: 1.125em;
    block-size: 1.125em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
  }

  .share__button-label[hidden] {
    display: none;
  }

  .sheet {
    inline-size: min(var(--rse-share-sheet-width, 36rem), calc(100vw - 2rem));
    max-block-size: calc(100vh - 2rem);
    padding: calc(var(--_rse-space) * 2);
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    background: var(--_rse-surface);
    color: var(--_rse-text);
    box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 25%);
  }

  .sheet::backdrop {
    background: rgb(0 0 0 / 35%);
  }

  .sheet__heading {
    margin: 0 0 var(--_rse-space);
    font-size: 1.15em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .share__form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_rse-space) * 1.5);
  }


  .card__title a {
    color: var(--_rse-link);
  }

  .card__loading {
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }


  .share__composer {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }

  .share__label {
    font-weight: 600;
    padding: 0;
  }

  .share__sublabel {
    display: block;
    padding: 0;
    color: var(--_rse-text-muted);
    font-size: 0.9em;
  }

  textarea,
  input[type='text'],
  select {
    font: inherit;
    color: inherit;
    background: var(--_rse-surface);
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    padding: 0.375rem var(--_rse-space);
  }

  textarea {
    min-block-size: 5rem;
    resize: vertical;
    inline-size: 100%;
  }

  input[type='text'] {
    inline-size: 100%;
  }

  .share__group {
    display: flex;
    flex-direction: column;
    gap: var(--_rse-space);
    margin: 0;
    padding: 0;
    border: none;
    min-inline-size: 0;
  }

  .share__subgroup {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    border: none;
    min-inline-size: 0;
  }

  .share__check {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: var(--_rse-space);
    align-items: baseline;
  }

  .share__check-description {
    grid-column: 2;
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .share__chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .share__chips[hidden] {
    display: none;
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding-inline-start: 0.625rem;
    border: 1px solid var(--_rse-border);
    border-radius: 999px;
    background: var(--_rse-surface-alt);
  }

  .chip__remove {
    border: none;
    background: none;
    color: inherit;
    min-block-size: 1.75rem;
    min-inline-size: 1.75rem;
    padding: 0;
    border-radius: 999px;
  }

  .share__add-label {
    font-size: 0.9em;
  }

  .share__kind-row {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: calc(var(--_rse-space) * 3);
  }

  .share__kind {
    flex-direction: row;
    flex-wrap: wrap;
    column-gap: calc(var(--_rse-space) * 2);
  }

  .share__kind legend {
    margin-block-end: 0.25rem;
  }

  .share__radio {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }

  .share__severity {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }

  .share__note {
    margin: 0;
    color: var(--_rse-text-muted);
    font-size: 0.9em;
  }

  .share__note--error,
  .share__error {
    margin: 0;
    color: var(--_rse-error);
  }

  .share__actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_rse-space);
  }

  .share__send {
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
  }

  @media (forced-colors: active) {
    .card,
    .chip {
      border-color: CanvasText;
    }
  }
`;
