/**
 * The security tests' view of the server: raw HTTP, as an attacker's script would see it. Bodies are
 * kept as the exact text received, so tests can search every byte and compare answers byte for byte.
 */
import { SignJWT } from 'jose';

/** One HTTP answer, body as received. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Posts one GraphQL operation and returns the raw answer. */
export async function postGraphQL(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The parsed body of a raw answer. */
export function json(answer: RawAnswer): { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } {
  return JSON.parse(answer.text) as ReturnType<typeof json>;
}

/** One `next` event of a raw SSE stream: its payload and when it arrived (ms since epoch). */
export interface StreamEvent {
  readonly at: number;
  readonly payload: { data?: Record<string, { kind?: string; cursor?: string | null; message?: { id: string; text: string } | null; object?: unknown } | null> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A subscription read as raw Server-Sent Events. */
export interface RawStream {
  /** Every byte received, in order. */
  text(): string;
  /** Every `next` event so far. */
  readonly events: StreamEvent[];
  /** Resolves when the server ends the stream (or it is closed). */
  readonly ended: Promise<void>;
  /** Waits until `predicate` holds for the events received, or fails after `timeoutMs`. */
  waitFor(predicate: (events: readonly StreamEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens a subscription over raw SSE; the HTTP status must be 200. */
export async function openRawStream(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<RawStream> {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    signal: abort.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status !== 200) throw new Error(`stream answered HTTP ${String(response.status)}: ${await response.text()}`);
  let raw = '';
  let buffer = '';
  const events: StreamEvent[] = [];
  const ended = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (block.startsWith('event: next') && data !== undefined) events.push({ at: Date.now(), payload: JSON.parse(data) as StreamEvent['payload'] });
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    text: () => raw,
    events,
    ended,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`stream condition not met within ${String(timeoutMs)} ms; events: ${JSON.stringify(events.map((e) => e.payload))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      abort.abort();
    },
  };
}

/** Reads a stream that the server answers and ends at once (a refused subscription): its exact bytes. */
export async function rawStreamBody(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<RawAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** An HS256 token as the server expects it, with parts overridable to forge bad ones. */
export function signToken(
  personId: string,
  secret: string,
  claims: { issuer?: string; audience?: string; expiresAt?: number } = {},
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(personId)
    .setIssuer(claims.issuer ?? 'rse')
    .setAudience(claims.audience ?? 'rse')
    .setIssuedAt()
    .setExpirationTime(claims.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(secret));
}

/** The opaque cursor of storage position `seq`, crafted the way the server makes them. */
export function craftCursor(seq: number): string {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
