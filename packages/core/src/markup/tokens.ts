import type { ObjectRef } from '../model.js';

/**
 * One piece of a parsed message. Messages are stored as plain text and parsed into tokens by
 * {@link parseMarkup}; renderers turn tokens into DOM with text bindings only, so user text can never
 * become HTML. Emphasis tokens nest; every other token is a leaf.
 */
export type Token =
  | TextToken
  | BreakToken
  | BoldToken
  | ItalicToken
  | CodeToken
  | LinkToken
  | MentionToken
  | HashtagToken
  | ObjectRefToken;

/** Plain text, shown as typed. */
export interface TextToken {
  readonly type: 'text';
  readonly text: string;
}

/** A line break (`\n` in the source). */
export interface BreakToken {
  readonly type: 'break';
}

/** `**strong**` text. */
export interface BoldToken {
  readonly type: 'bold';
  readonly children: readonly Token[];
}

/** `_emphasised_` text. */
export interface ItalicToken {
  readonly type: 'italic';
  readonly children: readonly Token[];
}

/** `` `inline code` ``: shown verbatim, no markup inside. */
export interface CodeToken {
  readonly type: 'code';
  readonly text: string;
}

/**
 * A link whose `href` is guaranteed to be an absolute `http:`, `https:` or `mailto:` URL. Anything else
 * the author wrote stays a {@link TextToken}.
 */
export interface LinkToken {
  readonly type: 'link';
  readonly href: string;
  readonly text: string;
}

/** `@person-id` or `@[Display Name](person-id)`: a reference to a person. */
export interface MentionToken {
  readonly type: 'mention';
  readonly personId: string;
  /** The label the author chose, or `null` for the short form (render the person's name). */
  readonly label: string | null;
}

/** `#tag`. */
export interface HashtagToken {
  readonly type: 'hashtag';
  /** The tag without `#`, as typed. */
  readonly tag: string;
}

/** `[[type:id]]`, `[[system:type:id]]`, optionally `[[type:id|Label]]`: a reference to an ERP object. */
export interface ObjectRefToken {
  readonly type: 'object';
  readonly object: ObjectRef;
  readonly label: string | null;
}
