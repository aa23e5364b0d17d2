/*
 * The message markup parser: plain text in, tokens out, never HTML.
 *
 * Why no Markdown library: marked or markdown-it produce HTML, which we would have to sanitize and could
 * only render through Lit's unsafe-HTML directive (banned), and they weigh 20–40 KiB; we need a token list that Lit
 * renders with text bindings, and a small, dialect-specific scanner does that in a few KiB.
 *
 * Why it stays linear on hostile input (a message is untrusted, and parsing runs in every reader's tab
 * and in the server): one forward pass turns the text into pieces — finished leaf tokens and emphasis
 * delimiters. Every lookahead either consumes what it scanned or is answered by a forward-only cache
 * (`finder`, `parenMatcher`); the regexes have no nested quantifiers, and the one that can backtrack
 * (object references) runs on at most MAX_OBJECT_REF_LENGTH characters. Emphasis is matched on the fly:
 * at most one bold and one italic can be open at a time, so each delimiter costs O(1). A second pass folds
 * matched delimiter pairs into bold and italic tokens.
 */
import type { ObjectRef } from '../model.js';
import type { Token } from './tokens.js';

/**
 * Longest object reference body (between `[[` and `]]`, label included) that is parsed; a longer one stays
 * text. ERP keys are short, and the bound caps the work a run of `[[` can cause.
 */
export const MAX_OBJECT_REF_LENGTH = 256;

type Kind = 'bold' | 'italic';
/** `partner` is the index of the matching delimiter, or -1 while unmatched (it then renders as text). */
interface Delimiter {
  readonly kind: Kind;
  readonly text: string;
  partner: number;
}
type Piece = { readonly token: Token } | Delimiter;
type Hit = readonly [token: Token, end: number];

const SPACE = /\s/u;
const WORD = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;
// A letter or digit before `@` or `#` means an e-mail address or a word like `C#`; `&` also blocks hashtags
// so HTML entities such as `&#106;` stay text. `_` does not block, so `_@bob_` is an italic mention.
const HASHTAG_BLOCKER = /[\p{L}\p{N}&]/u;
const ESCAPABLE = '*_`@#[';
/** A bare URL starts here; `//` is required so `http:foo` prose never links. */
const URL_START = /(?:https?:\/\/|mailto:)/iy;
const LINK_SCHEME = /^(?:https?:\/\/|mailto:)/i;
const PERSON_ID = /[A-Za-z0-9][A-Za-z0-9._-]*/y;
// `\p{M}` keeps combining marks, without which Devanagari or Thai tags would be cut mid-word.
const TAG = /[\p{L}\p{M}\p{N}_-]+/uy;
// [system:]type:id[|label]. Bounded input (MAX_OBJECT_REF_LENGTH), so the optional group's backtracking is cheap.
const OBJECT_REF = /^(?:([^\]|:\r\n]+):)?([A-Za-z][\w.-]*):([^\]|:\r\n]+)(?:\|([^\]\r\n]*))?$/;
// Whitespace, controls and invisible format characters (bidi overrides, zero-width spaces) end a URL and
// are never accepted inside one: they are how schemes get obfuscated and link targets spoofed.
const NOT_IN_URL = /[\s\p{Cc}\p{Cf}]/u;
const BARE_URL_END = /[\s\p{Cc}\p{Cf}<>"`]/gu;
// Percent-encoded in every href even where the URL standard leaves them (`'` in paths, `"` and `<` in
// mailto:), so no renderer or copy-paste can ever see an attribute-breaking character.
const HTML_SIGNIFICANT = /["'<>`\\]/g;
const TRAILING_PUNCTUATION = '.,;:!?*_\'';

/**
 * Parses message text into {@link Token}s. Never throws and never produces HTML: every character of the
 * input ends up in a token (markup characters of recognised syntax excepted), so rendering the tokens with
 * text bindings shows what was typed.
 *
 * Syntax: `**bold**`, `_italic_` (at word boundaries only), `` `code` `` (verbatim), line breaks;
 * bare `http(s)://…` and `mailto:…` URLs and `[label](url)` (only absolute http, https and mailto
 * targets; anything else stays literal text); `@person-id` and `@[Display Name](person-id)`; `#tag`;
 * `[[type:id]]`, `[[system:type:id]]` and `[[type:id|Label]]`. A backslash before one of `` *_`@#[ ``
 * makes it literal. Emphasis, code and links never span lines; unclosed markup stays text.
 */
export function parseMarkup(text: string): Token[] {
  // Defensive for untyped callers (a deleted message's `null`): never throw.
  if (typeof text !== 'string' || text === '') return [];
  const n = text.length;
  const pieces: Piece[] = [];
  const open: Record<Kind, number> = { bold: -1, italic: -1 };
  const nextCloseBracket = finder(text, /[\]\r\n]/g);
  const nextBracket = finder(text, /[[\]\r\n]/g);
  const nextBacktick = finder(text, /[`\r\n]/g);
  const nextUrlEnd = finder(text, BARE_URL_END);
  const matchParen = parenMatcher(text);
  let i = 0;
  // Plain characters are not copied one by one: they accumulate from textStart until something is emitted.
  let textStart = 0;

  const flush = (): void => {
    if (i > textStart) pieces.push({ token: { type: 'text', text: text.slice(textStart, i) } });
  };
  const emit = (token: Token, end: number): void => {
    flush();
    pieces.push({ token });
    i = textStart = end;
  };

  const delimit = (kind: Kind, width: number, canOpen: boolean, canClose: boolean): void => {
    const other: Kind = kind === 'bold' ? 'italic' : 'bold';
    const opener = open[kind];
    const delimiter: Delimiter = { kind, text: text.slice(i, i + width), partner: -1 };
    if (canClose && opener >= 0) {
      // An emphasis of the other kind opened inside this one cannot outlive it: it stays literal.
      if (open[other] > opener) open[other] = -1;
      flush();
      (pieces[opener] as Delimiter).partner = pieces.length;
      delimiter.partner = opener;
      open[kind] = -1;
    } else if (canOpen && opener < 0) {
      // Only one emphasis of a kind is open at a time: bold never nests in bold, which keeps matching O(1).
      flush();
      open[kind] = pieces.length;
    } else {
      i += width;
      return;
    }
    pieces.push(delimiter);
    i = textStart = i + width;
  };

  const emphasis = (c: number): void => {
    let run = 1;
    while (text.charCodeAt(i + run) === c) run++;
    const kind: Kind = c === 0x2a ? 'bold' : 'italic';
    // `***`, `__init__` and lone `*` are literal: this dialect has exactly `**` and `_`.
    if (run !== (kind === 'bold' ? 2 : 1)) {
      i += run;
      return;
    }
    const before = charBefore(text, i);
    const next = text.codePointAt(i + run);
    const after = next === undefined ? '' : String.fromCodePoint(next);
    const opens = after !== '' && !SPACE.test(after);
    const closes = before !== '' && !SPACE.test(before);
    // `_` must sit at a word boundary so `snake_case_name` stays text; `**` may be intraword.
    if (kind === 'bold') delimit(kind, run, opens, closes);
    else delimit(kind, run, opens && !WORD.test(before), closes && !WORD.test(after));
  };

  const code = (): Hit | null => {
    const end = nextBacktick(i + 1);
    if (end === i + 1 || text.charCodeAt(end) !== 0x60) return null;
    return [{ type: 'code', text: text.slice(i + 1, end) }, end + 1];
  };

  const objectRef = (): Hit | null => {
    if (text.charCodeAt(i + 1) !== 0x5b) return null;
    const end = nextCloseBracket(i + 2);
    if (end - i - 2 > MAX_OBJECT_REF_LENGTH || text.charCodeAt(end) !== 0x5d || text.charCodeAt(end + 1) !== 0x5d) {
      return null;
    }
    const match = OBJECT_REF.exec(text.slice(i + 2, end));
    if (match === null) return null;
    const [, system, type = '', id = '', label] = match;
    // Surrounding spaces are almost always a typo, and a key that differs from the ERP's by a space would
    // silently point nowhere: stay text so the author sees it did not link.
    if (id.trim() !== id || (system !== undefined && system.trim() !== system)) return null;
    const object: ObjectRef = system === undefined ? { type, id } : { system, type, id };
    const shown = label?.trim() ?? '';
    return [{ type: 'object', object, label: shown === '' ? null : shown }, end + 2];
  };

  const link = (): Hit | null => {
    const close = nextBracket(i + 1);
    if (text.charCodeAt(close) !== 0x5d || text.charCodeAt(close + 1) !== 0x28) return null;
    const end = matchParen(close + 1);
    const label = text.slice(i + 1, close);
    if (end < 0 || !/\S/u.test(label)) return null;
    const href = safeHref(text.slice(close + 2, end));
    // A refused target keeps the whole construct literal, so `[click](javascript:…)` shows what was typed
    // and no part of it (say, a URL inside the label) turns into something clickable.
    if (href === null) return [{ type: 'text', text: text.slice(i, end + 1) }, end + 1];
    return [{ type: 'link', href, text: label }, end + 1];
  };

  const mention = (): Hit | null => {
    // `bob@example.com` is an e-mail address, not a mention of `example.com`.
    if (WORD.test(charBefore(text, i))) return null;
    if (text.charCodeAt(i + 1) === 0x5b) {
      const close = nextCloseBracket(i + 2);
      if (text.charCodeAt(close) !== 0x5d || text.charCodeAt(close + 1) !== 0x28) return null;
      PERSON_ID.lastIndex = close + 2;
      const id = PERSON_ID.exec(text)?.[0] ?? '';
      const idEnd = close + 2 + id.length;
      const label = text.slice(i + 2, close).trim();
      if (id === '' || text.charCodeAt(idEnd) !== 0x29 || label === '') return null;
      return [{ type: 'mention', personId: id, label }, idEnd + 1];
    }
    PERSON_ID.lastIndex = i + 1;
    const typed = PERSON_ID.exec(text)?.[0];
    if (typed === undefined) return null;
    // Sentence punctuation and a closing `_` (as in `_@bob_`) belong to the prose, not to the id.
    const personId = trimEnd(typed, '.-_');
    return [{ type: 'mention', personId, label: null }, i + 1 + personId.length];
  };

  const hashtag = (): Hit | null => {
    if (HASHTAG_BLOCKER.test(charBefore(text, i))) return null;
    TAG.lastIndex = i + 1;
    const tag = trimEnd(TAG.exec(text)?.[0] ?? '', '_-');
    // `#1` is an issue number or a rank, not a topic.
    if (!LETTER.test(tag)) return null;
    return [{ type: 'hashtag', tag }, i + 1 + tag.length];
  };

  const bareUrl = (): Hit | null => {
    URL_START.lastIndex = i;
    if (!URL_START.test(text) || WORD.test(charBefore(text, i))) return null;
    const runEnd = nextUrlEnd(i);
    let end = runEnd;
    // Closing brackets belong to the URL only when balanced inside it: Wikipedia's `Foo_(bar)` keeps its
    // `)`, while `(see https://x.com)` does not.
    let parens = 0;
    let brackets = 0;
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 0x28) parens++;
      else if (c === 0x29) parens--;
      else if (c === 0x5b) brackets++;
      else if (c === 0x5d) brackets--;
    }
    for (;;) {
      const last = text.charAt(end - 1);
      if (TRAILING_PUNCTUATION.includes(last)) end--;
      else if (last === ')' && parens < 0) {
        parens++;
        end--;
      } else if (last === ']' && brackets < 0) {
        brackets++;
        end--;
      }
      else break;
    }
    const typed = text.slice(i, end);
    const href = safeHref(typed);
    // An invalid URL-like run is skipped whole: rescanning it from each later `http://` would be quadratic.
    if (href === null) return [{ type: 'text', text: text.slice(i, runEnd) }, runEnd];
    return [{ type: 'link', href, text: typed }, end];
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    let hit: Hit | null = null;
    switch (c) {
      case 0x0a: // \n
      case 0x0d: // \r, alone or in \r\n
        emit({ type: 'break' }, c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1);
        // Emphasis never spans lines: whatever is still open stays literal.
        open.bold = open.italic = -1;
        continue;
      case 0x5c: {
        const next = text.charAt(i + 1);
        if (next !== '' && ESCAPABLE.includes(next)) hit = [{ type: 'text', text: next }, i + 2];
        break;
      }
      case 0x2a: // *
      case 0x5f: // _
        emphasis(c);
        continue;
      case 0x60:
        hit = code();
        break;
      case 0x5b: // [
        hit = objectRef() ?? link();
        break;
      case 0x40: // @
        hit = mention();
        break;
      case 0x23: // #
        hit = hashtag();
        break;
      case 0x48: // H, h, M, m: a URL may start here
      case 0x68:
      case 0x4d:
      case 0x6d:
        hit = bareUrl();
        break;
    }
    if (hit === null) i++;
    else emit(hit[0], hit[1]);
  }
  flush();
  return build(pieces);
}

/**
 * The normalised href for a link target, or `null` unless it is an absolute http, https or mailto URL.
 * Whitespace and controls are refused on the raw text first: `new URL()` strips leading spaces and
 * removes tabs and newlines anywhere, so it would read `java\tscript:` as `javascript:`. The scheme is then
 * checked on both the raw text and the parsed URL.
 */
function safeHref(raw: string): string | null {
  if (!LINK_SCHEME.test(raw) || NOT_IN_URL.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const ok =
    url.protocol === 'mailto:'
      ? url.pathname !== ''
      : // `https://erp.example.com@evil.com` is a phishing classic; no business link carries credentials.
        (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  if (!ok) return null;
  return url.href.replace(HTML_SIGNIFICANT, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Folds matched delimiter pairs into bold and italic tokens; unmatched delimiters become text. */
function build(pieces: readonly Piece[]): Token[] {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  pieces.forEach((piece, index) => {
    const top = stack[stack.length - 1] ?? root;
    if ('token' in piece) append(top, piece.token);
    else if (piece.partner < 0) append(top, { type: 'text', text: piece.text });
    else if (piece.partner > index) stack.push([]);
    else {
      const children = stack.pop() ?? [];
      append(stack[stack.length - 1] ?? root, { type: piece.kind, children });
    }
  });
  return root;
}

/** Appends a token, merging adjacent text so renderers and tests see one text token per run. */
function append(list: Token[], token: Token): void {
  const last = list[list.length - 1];
  if (token.type === 'text' && last?.type === 'text') list[list.length - 1] = { type: 'text', text: last.text + token.text };
  else list.push(token);
}

/**
 * A forward-only "index of the next match at or after `from`" for a global regex. While callers move
 * forward, an answer is reused until `from` passes it, so a run like `'[['.repeat(50000)` scans once.
 */
function finder(text: string, pattern: RegExp): (from: number) => number {
  let checkedFrom = Infinity;
  let found = -1;
  return (from) => {
    if (from < checkedFrom || from > found) {
      pattern.lastIndex = from;
      found = pattern.exec(text)?.index ?? text.length;
      checkedFrom = from;
    }
    return found;
  };
}

/**
 * The index of the `)` matching the `(` at `open`, or -1; parentheses do not match across whitespace.
 * Matching a stretch once serves every later `(` in it, which keeps `'[a]('.repeat(n)` linear.
 */
function parenMatcher(text: string): (open: number) => number {
  const matches = new Map<number, number>();
  let from = 0;
  let to = 0;
  return (open) => {
    if (open < from || open >= to) {
      const stack: number[] = [];
      let k = open;
      for (; k < text.length && !NOT_IN_URL.test(text.charAt(k)); k++) {
        const c = text.charCodeAt(k);
        if (c === 0x28) stack.push(k);
        else if (c === 0x29 && stack.length > 0) matches.set(stack.pop() ?? -1, k);
      }
      from = open;
      to = k;
    }
    return matches.get(open) ?? -1;
  };
}

/** The code point ending just before `i` (a whole surrogate pair when there is one), or `''` at the start. */
function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const low = text.charCodeAt(i - 1);
  const high = i >= 2 ? text.charCodeAt(i - 2) : 0;
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return text.slice(pair ? i - 2 : i - 1, i);
}

/** `value` without trailing characters from `chars`; a loop rather than a regex like `/[._-]+$/`, which backtracks quadratically. */
function trimEnd(value: string, chars: string): string {
  let end = value.length;
  while (end > 0 && chars.includes(value.charAt(end - 1))) end--;
  return value.slice(0, end);
}
