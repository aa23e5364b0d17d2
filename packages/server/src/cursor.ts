import { RseError } from '@rse/core';

// A cursor is the storage position (`seq`) of a message, base64url-encoded so clients treat it as
// opaque and never start doing arithmetic on it.
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The opaque cursor for storage position `seq`. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

/** The storage position a cursor names. Throws `INVALID_INPUT` for anything {@link encodeCursor} did not make. */
export function decodeCursor(cursor: string): number {
  if (BASE64URL.test(cursor)) {
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    const seq = Number(decoded);
    // Only the canonical spelling is accepted, so one position has exactly one cursor.
    if (DECIMAL.test(decoded) && Number.isSafeInteger(seq) && encodeCursor(seq) === cursor) return seq;
  }
  throw new RseError('INVALID_INPUT', 'Malformed cursor.');
}
