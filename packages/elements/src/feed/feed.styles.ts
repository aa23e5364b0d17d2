import { css } from 'lit';

export const feedStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }

  .feed {
    display: flex;
    flex-direction: column;
    gap: var(--_rse-space);
    background: var(--rse-feed-background, var(--_rse-surface));
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    padding: calc(var(--_rse-space) * 2);
  }

  .feed__header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_rse-space);
  }

  .feed__heading {
    margin: 0;
    margin-inline-end: auto;
    font-size: 1.1em;
    font-weight: 600;
  }

  .filters {
    display: inline-flex;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_rse-accent);
    border-radius: var(--_rse-radius);
    overflow: hidden;
  }

  .filter {
    position: relative;
    display: inline-flex;
  }

  /* The radio stays in the accessibility tree and takes focus; its label is what is seen. */
  .filter__input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }

  .filter__label {
    padding: 0.25rem 0.75rem;
    min-block-size: 2rem;
    display: inline-flex;
    align-items: center;
    color: var(--_rse-accent);
  }

  .filter + .filter .filter__label {
    border-inline-start: 1px solid var(--_rse-accent);
  }

  .filter__input:checked + .filter__label {
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
  }

  .filter__input:focus-visible + .filter__label {
    outline: 2px solid var(--_rse-focus);
    outline-offset: -4px;
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding-inline-start: 0.625rem;
    border: 1px solid var(--_rse-border);
    border-radius: 999px;
    background: var(--_rse-surface-alt);
    font-weight: 600;
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

  .feed__new {
    align-self: center;
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
    border-radius: 999px;
  }

  .feed__list {
    display: flex;
    flex-direction: column;
    max-block-size: var(--rse-feed-max-height, none);
    overflow-y: auto;
    overscroll-behavior: contain;
  }

  .feed__list:focus {
    outline: none;
  }

  .feed__older {
    align-self: center;
  }

  .feed__state {
    margin: 0;
    padding: calc(var(--_rse-space) * 2) 0;
    color: var(--_rse-text-muted);
  }

  .feed__state--error {
    color: var(--_rse-error);
  }

  .feed__state--error p {
    margin: 0 0 var(--_rse-space);
  }

  .item {
    display: grid;
    grid-template-columns: 2rem minmax(0, 1fr);
    column-gap: var(--_rse-space);
    row-gap: 0.25rem;
    padding: var(--_rse-space);
    border-block-end: 1px solid var(--_rse-border);
  }

  .item:last-child {
    border-block-end: none;
  }

  /* Inside: the scrolling list would clip a ring drawn outside the article. */
  .item:focus-visible {
    outline-offset: -2px;
  }

  .item > :not(.avatar) {
    grid-column: 2;
  }

  .avatar--system {
    border-radius: 0.375rem;
    background: var(--_rse-text-muted);
  }

  .item__header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: var(--_rse-space);
    row-gap: 0.125rem;
  }

  .item__author {
    font-weight: 600;
  }

  .item__time,
  .item__audience {
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .item__audience {
    margin: 0;
  }

  .item__text {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }

  .tag,
  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_rse-text-muted);
  }

  .badge--request {
    color: var(--_rse-link);
  }

  .badge--alert {
    color: var(--_rse-error);
  }

  .badge--critical {
    background: var(--_rse-error);
    border-color: var(--_rse-error);
    color: var(--_rse-on-accent);
  }

  .card {
    position: relative;
    display: flex;
    flex-direction: column;
    margin-block-start: 0.25rem;
  }

  .card__link {
    color: var(--_rse-link);
  }

  /* The whole card is the link's target area; the link alone carries the name, not every field. */
  .card__link::after {
    content: '';
    position: absolute;
    inset: 0;
  }

  .card:has(.card__link:hover) {
    border-color: var(--_rse-link);
  }

  .token--mention {
    color: var(--_rse-accent);
    font-weight: 600;
  }

  /* A hashtag is a filter button that reads like the text around it. */
  .token--hashtag {
    display: inline;
    min-block-size: 0;
    padding: 0;
    border: none;
    background: none;
    font-weight: 600;
    color: var(--_rse-link);
    text-decoration: underline dotted;
  }

  @media (forced-colors: active) {
    .avatar,
    .card,
    .filters {
      border: 1px solid CanvasText;
    }

    .filter__input:checked + .filter__label {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
  }
`;
