import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request header carrying the signing time, in Unix seconds. */
export const ERP_TIMESTAMP_HEADER = 'X-RSE-Timestamp';
/** The request header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export const ERP_SIGNATURE_HEADER = 'X-RSE-Signature';
/** How far a signed timestamp may be from the server's clock, either way, in seconds. */
export const ERP_TIMESTAMP_TOLERANCE_SECONDS = 300;

const TIMESTAMP = /^[0-9]{1,12}$/;
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** The two headers that sign an ERP event request (a plain record, so it spreads into `fetch` headers). */
export type ErpSignatureHeaders = Readonly<Record<'X-RSE-Timestamp' | 'X-RSE-Signature', string>>;

/**
 * Signs the body of a `POST /erp/events` request: HMAC-SHA256 with the shared secret over
 * `"<timestamp>.<raw body>"`, hex-encoded. Send the body exactly as signed (same bytes).
 *
 * @param timestamp Unix time in seconds; now by default (tests pass another to check the window).
 * @example
 * const body = JSON.stringify(event);
 * await fetch(`${server}/erp/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signErpEvent(secret, body) } });
 */
export function signErpEvent(secret: string, body: string | Uint8Array, timestamp: number = Math.floor(Date.now() / 1000)): ErpSignatureHeaders {
  const stamp = String(Math.trunc(timestamp));
  return { 'X-RSE-Timestamp': stamp, 'X-RSE-Signature': `sha256=${mac(secret, stamp, body).toString('hex')}` };
}

/** The signature headers of a request, as Node hands them over (absent when not sent). */
export interface ReceivedSignature {
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

/**
 * Why a request's signature is refused, or `null` when it is authentic and fresh. The signature is
 * compared in constant time, and checked before the timestamp so that only authentic requests learn
 * about the window.
 */
export function erpSignatureProblem(secret: string, received: ReceivedSignature, body: Uint8Array, nowSeconds: number): string | null {
  const { timestamp, signature } = received;
  if (timestamp === undefined || signature === undefined) {
    return `Sign the request: the ${ERP_TIMESTAMP_HEADER} and ${ERP_SIGNATURE_HEADER} headers are required.`;
  }
  if (!TIMESTAMP.test(timestamp)) return `${ERP_TIMESTAMP_HEADER} must be a Unix time in whole seconds.`;
  const hex = SIGNATURE.exec(signature)?.[1];
  if (hex === undefined) return `${ERP_SIGNATURE_HEADER} must be "sha256=" followed by 64 hexadecimal digits.`;
  if (!timingSafeEqual(Buffer.from(hex, 'hex'), mac(secret, timestamp, body))) {
    return 'The signature does not match: sign "<timestamp>.<raw body>" with HMAC-SHA256 and the shared secret.';
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > ERP_TIMESTAMP_TOLERANCE_SECONDS) {
    return `The timestamp is outside the accepted window of ${String(ERP_TIMESTAMP_TOLERANCE_SECONDS)} seconds around the server's clock; check the sender's clock and sign each delivery anew.`;
  }
  return null;
}

function mac(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}
