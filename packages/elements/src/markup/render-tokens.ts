import type { Token } from '@rse/core';
import { html, nothing, type TemplateResult } from 'lit';

/** What token rendering needs from its element. */
export interface TokenRenderOptions {
  /** Accessible hint appended to links that open a new window. */
  readonly externalLinkHint: string;
}

// The parser only emits these schemes; checking again here keeps a hand-built token (from a host's own
// adapter) from smuggling a `javascript:` URL into the DOM.
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

/**
 * Message tokens as Lit templates. Only text bindings and attribute bindings of checked values are
 * used — never HTML from the message — so whatever a message contains is shown, never executed.
 */
export function renderTokens(tokens: readonly Token[], options: TokenRenderOptions): (TemplateResult | string | typeof nothing)[] {
  return tokens.map((token) => renderToken(token, options));
}

function renderToken(token: Token, options: TokenRenderOptions): TemplateResult | string | typeof nothing {
  switch (token.type) {
    case 'text':
      return token.text;
    case 'break':
      return html`<br />`;
    case 'bold':
      return html`<strong>${renderTokens(token.children, options)}</strong>`;
    case 'italic':
      return html`<em>${renderTokens(token.children, options)}</em>`;
    case 'code':
      return html`<code>${token.text}</code>`;
    case 'link':
      if (!SAFE_HREF.test(token.href)) return token.text;
      return html`<a class="token token--link" href=${token.href} target="_blank" rel="noopener noreferrer"
        >${token.text}<span class="visually-hidden"> (${options.externalLinkHint})</span></a
      >`;
    case 'mention':
      return html`<span class="token token--mention" data-person-id=${token.personId}>@${token.label ?? token.personId}</span>`;
    case 'hashtag':
      return html`<span class="token token--hashtag">#${token.tag}</span>`;
    case 'object':
      return html`<span class="token token--object" data-object-type=${token.object.type} data-object-id=${token.object.id}
        >${token.label ?? `${token.object.type} ${token.object.id}`}</span
      >`;
  }
}
