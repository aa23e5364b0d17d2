import { mentionsOf } from './markup/mentions.js';
import { parseMarkup } from './markup/parse.js';
import type { Token } from './markup/tokens.js';

/** The longest message accepted, in UTF-16 code units (what `String.length` and `maxlength` count). */
export const MAX_MESSAGE_LENGTH = 10_000;

/**
 * The most mentions one message may carry, each occurrence counted: each asks an access check and a
 * person lookup of every reader, so a message built to fan out is refused.
 */
export const MAX_MENTIONS_PER_MESSAGE = 20;

/** The most ERP object references one message may carry: each becomes a card lookup in every reader's tab. */
export const MAX_OBJECT_REFS_PER_MESSAGE = 20;

/** The most top-level messages one thread page returns, whatever the caller asks for. */
export const MAX_PAGE_SIZE = 100;

/** The page size used when the caller does not ask for one. */
export const DEFAULT_PAGE_SIZE = 30;

// Lone surrogates cannot be encoded as UTF-8 and NUL truncates C strings in ERP back ends: both are
// refused rather than silently rewritten, so the text stays exactly what was typed or nothing at all.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Why a message text would be refused, or `null` when it is acceptable. Shared by every backend. */
export function messageTextProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'Message text must be a string.';
  if (text.trim() === '') return 'Message text is empty.';
  if (text.length > MAX_MESSAGE_LENGTH) {
    return `Message text is longer than ${String(MAX_MESSAGE_LENGTH)} characters.`;
  }
  if (text.includes('\u0000')) return 'Message text contains a NUL character.';
  if (LONE_SURROGATE.test(text)) return 'Message text contains an invalid character (lone surrogate).';
  const tokens = parseMarkup(text);
  const mentions = mentionsOf(tokens).length;
  if (mentions > MAX_MENTIONS_PER_MESSAGE) {
    return `Message text mentions people ${String(mentions)} times; at most ${String(MAX_MENTIONS_PER_MESSAGE)} mentions are allowed.`;
  }
  const references = objectReferenceCount(tokens);
  if (references > MAX_OBJECT_REFS_PER_MESSAGE) {
    return `Message text references ERP objects ${String(references)} times; at most ${String(MAX_OBJECT_REFS_PER_MESSAGE)} references are allowed.`;
  }
  return null;
}

function objectReferenceCount(tokens: readonly Token[]): number {
  let count = 0;
  for (const token of tokens) {
    if (token.type === 'object') count += 1;
    else if (token.type === 'bold' || token.type === 'italic') count += objectReferenceCount(token.children);
  }
  return count;
}

/** Clamps a requested page size to `1..MAX_PAGE_SIZE`, defaulting when absent. */
export function clampPageSize(limit: number | null | undefined): number {
  if (limit === undefined || limit === null || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}
