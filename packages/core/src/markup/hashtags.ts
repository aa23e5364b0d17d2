import type { Token } from './tokens.js';

/** The hashtags of parsed text, as typed (without `#`), in order, nested emphasis included. */
export function hashtagsOf(tokens: readonly Token[]): string[] {
  const tags: string[] = [];
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.type === 'hashtag') tags.push(token.tag);
      else if (token.type === 'bold' || token.type === 'italic') visit(token.children);
    }
  };
  visit(tokens);
  return tags;
}
