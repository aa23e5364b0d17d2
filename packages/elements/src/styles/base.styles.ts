import { css } from 'lit';

/**
 * Shared by every element. Global tokens (`--rse-<category>-<name>`) fall back to the host ERP's own
 * theme — SAP theming parameters, then Oracle Redwood's `--oj-core-*` — then to our defaults, so the
 * elements look native in Fiori or Redwood with no configuration. Elements read the private
 * `--_rse-*` copies below, resolved once here.
 */
export const baseStyles = css`
  :host {
    --_rse-font: var(--rse-font-family, var(--sapFontFamily, var(--oj-core-font-family, system-ui, sans-serif)));
    --_rse-font-size: var(--rse-font-size, var(--sapFontSize, var(--oj-typography-body-md-font-size, 0.875rem)));
    --_rse-text: var(--rse-color-text, var(--sapTextColor, var(--oj-core-text-color-primary, #1d2d3e)));
    --_rse-text-muted: var(--rse-color-text-muted, var(--sapContent_LabelColor, var(--oj-core-text-color-secondary, #556b82)));
    --_rse-surface: var(--rse-color-surface, var(--sapGroup_ContentBackground, var(--oj-core-bg-color-content, #ffffff)));
    --_rse-surface-alt: var(--rse-color-surface-alt, var(--sapList_AlternatingBackground, var(--oj-core-neutral-contrast, #f5f6f7)));
    --_rse-border: var(--rse-color-border, var(--sapGroup_ContentBorderColor, var(--oj-core-divider-color, #d9d9d9)));
    --_rse-accent: var(--rse-color-accent, var(--sapBrandColor, var(--oj-core-brand-color, #0064d9)));
    --_rse-on-accent: var(--rse-color-on-accent, var(--sapButton_Emphasized_TextColor, #ffffff));
    --_rse-link: var(--rse-color-link, var(--sapLinkColor, var(--oj-link-text-color, #0064d9)));
    --_rse-error: var(--rse-color-error, var(--sapNegativeTextColor, var(--oj-core-danger-3, #aa0808)));
    --_rse-focus: var(--rse-color-focus, var(--sapContent_FocusColor, var(--oj-core-focus-border-color, #0032a5)));
    --_rse-radius: var(--rse-radius, var(--sapElement_BorderCornerRadius, var(--oj-core-border-radius-md, 0.5rem)));
    --_rse-space: var(--rse-space, 0.5rem);
    box-sizing: border-box;
    color: var(--_rse-text);
    font-family: var(--_rse-font);
    font-size: var(--_rse-font-size);
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: 2px solid var(--_rse-focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_rse-radius);
    border: 1px solid var(--_rse-accent);
    background: var(--_rse-surface);
    color: var(--_rse-accent);
    padding: 0.25rem 0.75rem;
    min-block-size: 2rem;
  }

  button[disabled] {
    cursor: not-allowed;
    opacity: 0.6;
  }

  /* In Windows high contrast the system colours take over; keep borders so controls stay visible, and
     say "disabled" with the system's colour rather than an opacity it ignores. */
  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
    button[disabled] {
      color: GrayText;
      border-color: GrayText;
    }
  }
`;
