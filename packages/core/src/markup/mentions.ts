import type { MentionToken, Token } from './tokens.js';

/** The mentions of parsed text, in order, nested emphasis included. */
export function mentionsOf(tokens: readonly Token[]): MentionToken[] {
  const mentions: MentionToken[] = [];
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.type === 'mention') mentions.push(token);
      else if (token.type === 'bold' || token.type === 'italic') visit(token.children);
    }
  };
  visit(tokens);
  return mentions;
}
