import { css } from 'lit';

export const objectThreadStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }

  .thread {
    display: flex;
    flex-direction: column;
    gap: var(--_rse-space);
    background: var(--rse-object-thread-background, var(--_rse-surface));
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    padding: calc(var(--_rse-space) * 2);
  }

  .thread__header {
    display: flex;
    align-items: baseline;
    gap: var(--_rse-space);
  }

  .thread__heading {
    margin: 0;
    font-size: 1.1em;
    font-weight: 600;
  }

  .thread__meta {
    color: var(--_rse-text-muted);
    font-size: 0.9em;
  }

  .thread__live {
    margin-inline-start: auto;
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .thread__live::before {
    content: '';
    display: inline-block;
    inline-size: 0.5em;
    block-size: 0.5em;
    margin-inline-end: 0.35em;
    border-radius: 50%;
    background: currentColor;
  }

  .thread__scroller {
    max-block-size: var(--rse-object-thread-max-height, 32rem);
    overflow-y: auto;
    overscroll-behavior: contain;
  }

  /* A segmented control made of native radios, so the keyboard works as everywhere else. */
  .thread__filter {
    display: inline-flex;
    flex-wrap: wrap;
    align-self: flex-start;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    overflow: hidden;
  }

  .thread__filter-option {
    position: relative;
    display: inline-flex;
  }

  .thread__filter-option input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }

  .thread__filter-option span {
    padding: 0.2rem 0.75rem;
    min-block-size: 1.75rem;
    display: inline-flex;
    align-items: center;
    color: var(--_rse-text-muted);
  }

  .thread__filter-option + .thread__filter-option span {
    border-inline-start: 1px solid var(--_rse-border);
  }

  .thread__filter-option input:checked + span {
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
    font-weight: 600;
  }

  .thread__filter-option input:focus-visible + span {
    outline: 2px solid var(--_rse-focus);
    outline-offset: -4px;
  }

  /*
   * A virtualized list scrolls itself and is contained in size (its content is mostly not there), so
   * it takes the full height at once: only long threads are virtualized, and they fill it anyway.
   */
  .messages--virtual {
    block-size: var(--rse-object-thread-max-height, 32rem);
  }

  /* The virtualizer positions each entry absolutely; they still take the list's full width. */
  .messages--virtual > li {
    inline-size: 100%;
  }

  .thread__state {
    margin: 0;
    padding: calc(var(--_rse-space) * 2) 0;
    color: var(--_rse-text-muted);
  }

  .thread__state--error {
    color: var(--_rse-error);
  }

  .messages,
  .replies {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .replies {
    margin-inline-start: 2.5rem;
    border-inline-start: 2px solid var(--_rse-border);
    padding-inline-start: var(--_rse-space);
  }

  .message {
    display: grid;
    grid-template-columns: 2rem 1fr;
    column-gap: var(--_rse-space);
    padding: var(--_rse-space) 0;
  }

  /* Everything but the avatar in the second column, however many rows a share or an event adds. */
  .message > :not(.avatar) {
    grid-column: 2;
  }

  /* Not dimmed with opacity: that would fail contrast. A dashed edge says "not stored yet". */
  .message--pending {
    border-inline-start: 3px dashed var(--_rse-border);
    padding-inline-start: calc(var(--_rse-space) - 3px);
  }

  .message--failed {
    border-inline-start-color: var(--_rse-error);
  }

  .message--failed .message__time {
    color: var(--_rse-error);
  }

  .message--system {
    background: var(--rse-object-thread-system-background, var(--_rse-surface-alt));
    border-inline-start: 3px solid var(--_rse-text-muted);
    border-radius: var(--_rse-radius);
    padding-inline: var(--_rse-space);
  }

  .avatar--system {
    background: var(--_rse-surface);
    color: var(--_rse-text-muted);
    border: 1px solid var(--_rse-border);
  }

  .avatar--system svg {
    inline-size: 1.1rem;
    block-size: 1.1rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.4;
    stroke-linejoin: round;
  }

  .message__kind,
  .message__intent {
    padding: 0 0.45em;
    border: 1px solid currentColor;
    border-radius: 1em;
    font-size: 0.8em;
    font-weight: 600;
  }

  .message__kind {
    color: var(--_rse-text-muted);
  }

  .message__intent--information {
    color: var(--_rse-text-muted);
  }

  .message__intent--request {
    color: var(--_rse-link);
  }

  .message__intent--alert {
    color: var(--rse-color-warning, var(--sapCriticalTextColor, var(--oj-core-warning-3, #8d4a00)));
  }

  .message__intent--critical {
    color: var(--_rse-error);
  }

  .message__audience {
    margin: 0;
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .message__header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: var(--_rse-space);
  }

  .message__author {
    font-weight: 600;
  }

  .message__title,
  .message__time {
    color: var(--_rse-text-muted);
    font-size: 0.85em;
  }

  .message__text {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }

  .message__actions button {
    border: none;
    padding-inline: 0;
    min-block-size: 1.75rem;
    background: none;
    color: var(--_rse-link);
  }

  /* The link colour, not the brand colour: Horizon's brand blue on a grey system-event row is 4.2:1. */
  .token--mention,
  .token--hashtag {
    color: var(--_rse-link);
    font-weight: 600;
  }

  .composer {
    display: flex;
    flex-direction: column;
    gap: var(--_rse-space);
    border-block-start: 1px solid var(--_rse-border);
    padding-block-start: var(--_rse-space);
  }

  .composer__replying {
    display: flex;
    align-items: center;
    gap: var(--_rse-space);
    color: var(--_rse-text-muted);
  }

  .composer__label {
    font-weight: 600;
  }

  textarea {
    font: inherit;
    color: inherit;
    background: var(--_rse-surface);
    border: 1px solid var(--_rse-border);
    border-radius: var(--_rse-radius);
    padding: var(--_rse-space);
    min-block-size: 4.5rem;
    resize: vertical;
    inline-size: 100%;
  }

  .composer__footer {
    display: flex;
    align-items: center;
    gap: var(--_rse-space);
  }

  .composer__hint {
    color: var(--_rse-text-muted);
    font-size: 0.85em;
    margin-inline-end: auto;
  }

  .composer__send {
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
  }

  .composer__error {
    margin: 0;
    color: var(--_rse-error);
  }

  .composer__warning {
    margin: 0;
    color: var(--_rse-text-muted);
  }

  @media (forced-colors: active) {
    .avatar {
      border: 1px solid CanvasText;
    }

    /* The accent background that marks the chosen filter is forced away; use the system's selection colours. */
    .thread__filter-option input:checked + span {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
  }
`;
