import { request, type ClientRequest } from 'node:http';

/** What one activity event carries in the bench's subscription. */
export interface ActivityPayload {
  readonly kind: string;
  readonly cursor: string | null;
  readonly message: { readonly id: string; readonly clientId: string | null } | null;
}

/** The subscription every stream client opens: the smallest selection that identifies a message. */
export const ACTIVITY_SUBSCRIPTION = 'subscription BenchActivity { activity { kind cursor message { id clientId } } }';

/**
 * One `activity` subscription over Server-Sent Events, as a browser's graphql-sse client opens it:
 * `POST /graphql` with `Accept: text/event-stream` ("distinct connections" mode), on its own TCP
 * connection (`agent: false`), so closing it really closes a socket the server can count.
 */
export class ActivityStream {
  /** Resolves at the READY event; rejects when the stream fails or ends before it. */
  readonly ready: Promise<void>;
  /** Called for every MESSAGE_POSTED event, with the time it was parsed (`performance.now()`). */
  onMessage: ((payload: ActivityPayload, at: number) => void) | null = null;
  private readonly req: ClientRequest;
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  private buffer = '';
  private isReady = false;
  private closedPromise: Promise<void>;

  constructor(baseUrl: string, token: string) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.ready.catch(() => undefined);
    const url = new URL('/graphql', baseUrl);
    const body = JSON.stringify({ query: ACTIVITY_SUBSCRIPTION });
    this.req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
        'content-length': Buffer.byteLength(body),
      },
    });
    this.closedPromise = new Promise<void>((resolve) => {
      this.req.once('close', () => {
        resolve();
      });
    });
    this.req.on('error', (error) => {
      this.fail(error);
    });
    this.req.on('response', (res) => {
      if (res.statusCode !== 200) {
        this.fail(new Error(`activity stream: HTTP ${String(res.statusCode)}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        this.receive(chunk);
      });
      res.on('end', () => {
        this.fail(new Error('activity stream ended'));
      });
      res.on('error', (error) => {
        this.fail(error);
      });
    });
    this.req.end(body);
  }

  /** Closes the connection; resolves once its socket is closed. */
  close(): Promise<void> {
    this.req.destroy();
    return this.closedPromise;
  }

  private fail(error: Error): void {
    if (!this.isReady) this.settle.reject(error);
  }

  /** SSE framing: events end with a blank line; `data:` lines carry the GraphQL result. */
  private receive(chunk: string): void {
    const at = performance.now();
    this.buffer += chunk.replaceAll('\r\n', '\n');
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) return;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data === '') continue;
      this.handle(data, at);
    }
  }

  private handle(data: string, at: number): void {
    let result: { data?: { activity?: ActivityPayload | null } | null; errors?: { message: string }[] };
    try {
      result = JSON.parse(data) as typeof result;
    } catch {
      this.fail(new Error(`activity stream: unreadable event ${data.slice(0, 100)}`));
      return;
    }
    if (result.errors?.length) {
      this.fail(new Error(`activity stream: ${result.errors.map((e) => e.message).join('; ')}`));
      return;
    }
    const payload = result.data?.activity;
    if (!payload) return;
    if (payload.kind === 'READY') {
      this.isReady = true;
      this.settle.resolve();
    } else if (payload.kind === 'MESSAGE_POSTED') {
      this.onMessage?.(payload, at);
    }
  }
}

/**
 * Opens `count` streams, at most `parallel` of them not yet READY at any time (a thousand simultaneous
 * connects would only measure the kernel's backlog), and resolves when every one is READY. On failure,
 * the streams already opened are returned in the error's `streams` for the caller to close.
 */
export async function openStreams(
  count: number,
  parallel: number,
  open: (index: number) => ActivityStream,
  timeoutMs: number,
): Promise<ActivityStream[]> {
  const streams: ActivityStream[] = [];
  const deadline = performance.now() + timeoutMs;
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < count && !failed) {
      if (performance.now() > deadline) throw new Error(`not every stream was READY within ${String(timeoutMs)} ms`);
      const stream = open(next++);
      streams.push(stream);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const remaining = Math.max(1, deadline - performance.now());
      await Promise.race([
        stream.ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`a stream was not READY within ${String(timeoutMs)} ms`));
          }, remaining);
        }),
      ])
        .catch((error: unknown) => {
          failed = true;
          throw error;
        })
        .finally(() => {
          clearTimeout(timer);
        });
    }
  };
  // Settled, not raced: on a failure every worker stops, and `streams` lists all that were opened.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(parallel, count) }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    const reason: unknown = failure.reason;
    throw Object.assign(reason instanceof Error ? reason : new Error(String(reason)), { streams });
  }
  return streams;
}
