
export { MAX_MENTIONS_PER_MESSAGE, MAX_OBJECT_REFS_PER_MESSAGE } from '@rse/core';

// NUL truncates C strings in ERP back ends and a lone surrogate cannot be stored as UTF-8 (SQLite would
// keep U+FFFD instead): values are refused rather than silently rewritten. With the `u` flag a paired
// surrogate is one code point outside `Cs`, so only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether a string holds a NUL or a lone surrogate, which storage could not keep exactly. */
export function hasUnstorableCharacter(value: string): boolean {
  return value.includes('\u0000') || LONE_SURROGATE.test(value);
}
