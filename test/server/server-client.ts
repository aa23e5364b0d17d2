/**
 * Talking to a running reference server from server tests the way any client would: GraphQL over HTTP,
 * dev tokens, and subscriptions read as raw Server-Sent Events (so the tests check the wire, not the
 * adapter).
 */
import assert from 'node:assert/strict';
import type { RseServer } from '@rse/server';

/** A GraphQL response: HTTP status and body. */
export interface GraphQLAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** Posts one GraphQL operation. */
export async function graphql(server: RseServer, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
}

/** The `data` of a successful operation; fails the test on errors. */
export async function data<T>(server: RseServer, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const answer = await graphql(server, query, variables, token);
  assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
  return answer.body.data as T;
}

/** A dev-mode token for `personId`. */
export async function devToken(server: RseServer, personId: string): Promise<string> {
  const response = await fetch(`${server.url}/dev/token?person=${encodeURIComponent(personId)}`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { token: string }).token;
}

/** One event of a subscription, or the code of the error that ended it. */
export interface StreamEvent {
  kind?: string;
  cursor?: string | null;
  message?: { id: string; kind?: string } | null;
  object?: { type: string; id: string } | null;
  error?: string;
}

/** An open subscription whose events a test pulls one by one. */
export interface EventStream {
  /** The next event; fails after `timeoutMs` (default 3 s) without one. */
  next(timeoutMs?: number): Promise<StreamEvent>;
  /** Waits `ms` and returns every event that arrived meanwhile (to check that nothing else came). */
  drain(ms: number): Promise<StreamEvent[]>;
  close(): void;
}

/** Opens a subscription (`field` is its root field) over raw SSE. */
export async function openStream(
  server: RseServer,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    signal: abort.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(response.status, 200);
  const queue: StreamEvent[] = [];
  let wake: (() => void) | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const payload = /^data: (.+)$/m.exec(block)?.[1];
          if (!block.startsWith('event: next') || payload === undefined) continue;
          const result = JSON.parse(payload) as { data?: Record<string, StreamEvent>; errors?: { extensions: { code: string } }[] };
          queue.push(result.errors ? { error: result.errors[0]?.extensions.code } : (result.data?.[field] ?? {}));
          wake?.();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  const waitFor = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  return {
    async next(timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${field} event within ${String(timeoutMs)} ms`);
        await waitFor(left);
      }
      return queue.shift()!;
    },
    async drain(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return queue.splice(0);
    },
    close() {
      abort.abort();
    },
  };
}

/** Collects a logger's lines, so tests keep the output clean and can check what reaches the operator. */
export function recordingLogger(): { lines: string[]; info(m: string): void; warn(m: string): void; error(m: string, e?: unknown): void } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message, error) => lines.push(`error ${message} ${String(error)}`),
  };
}
