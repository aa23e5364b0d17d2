import type { IncomingMessage } from 'node:http';
import { readBody } from './read-body.js';

/** A request refused before GraphQL sees it: HTTP status, the sentence answered, extra headers. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

/** A request body admitted for GraphQL: already read, decoded and parsed, as a JSON object. */
export type GraphQLBody = { readonly params: Record<string, unknown> } | { readonly refusal: Refusal };

const JSON_CONTENT_TYPE = /^application\/(graphql-response\+)?json\s*(;|$)/i;

// Strict: a byte sequence that is not UTF-8 is refused, not turned into U+FFFD, so text reaches storage
// exactly as the client encoded it or not at all. (A leading byte order mark is ignored, as JSON allows.)
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What is wrong with a GraphQL request before its body is read, cheapest check first, or `null`.
 *
 * - Only `POST` (405): the protocol never uses GET, and a GET needs no preflight, so refusing it keeps
 *   every operation, queries included, behind the same cross-site protections.
 * - Only JSON bodies (415): HTML forms can post `application/x-www-form-urlencoded`, `multipart/form-data`
 *   and `text/plain` cross-site without a preflight — the CSRF hole Yoga leaves open (see TOOLCHAIN).
 *   Together with the bearer token, which a browser never attaches on its own, no page elsewhere can
 *   make a signed-in user's browser act.
 * - A declared `Content-Length` over `maxBytes` (413), refused unread.
 */
export function graphQLRequestRefusal(req: IncomingMessage, maxBytes: number): Refusal | null {
  if (req.method !== 'POST') return { status: 405, message: 'Send GraphQL requests with POST.', headers: { Allow: 'POST' } };
  if (!JSON_CONTENT_TYPE.test(req.headers['content-type'] ?? '')) return { status: 415, message: 'Send GraphQL requests as application/json.' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  return null;
}

/**
 * Reads the body of an admitted request (at most `maxBytes`) and parses it: invalid UTF-8 or JSON (400),
 * an array of operations (400: no batching), anything but an object with a `query` string (400).
 * Errors name the problem in a sentence and never echo the parser's own message or the body.
 */
export async function readGraphQLBody(req: IncomingMessage, maxBytes: number): Promise<GraphQLBody> {
  const read = await readBody(req, maxBytes);
  if ('tooLarge' in read) return { refusal: tooLarge(maxBytes) };
  let text: string;
  try {
    text = UTF8.decode(read.body);
  } catch {
    return refuse('The request body is not valid UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse('The request body is not valid JSON.');
  }
  if (Array.isArray(json)) return refuse('Batching is not supported: send one operation per request.');
  if (typeof json !== 'object' || json === null) return refuse('The request body must be a JSON object: { "query", "variables", "operationName" }.');
  const params = json as Record<string, unknown>;
  if (typeof params.query !== 'string') return refuse('The request body has no "query" string.');
  return { params };
}

function refuse(message: string): GraphQLBody {
  return { refusal: { status: 400, message } };
}

function tooLarge(maxBytes: number): Refusal {
  // The rest of an oversized upload is not read: closing is cheaper than draining it.
  return { status: 413, message: `The request body is larger than ${String(maxBytes / 1024)} KiB.`, headers: { Connection: 'close' } };
}
