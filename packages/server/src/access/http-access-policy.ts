import { objectKey, type ObjectRef } from '@rse/core';
import { signErpEvent } from '../erp/erp-signature.js';
import { secureUrl } from '../http/secure-url.js';
import { CONSOLE_LOGGER, type RseLogger } from '../logger.js';
import type { AccessPolicy } from './access-policy.js';
import { TtlCache } from './ttl-cache.js';

/** How long the ERP gets to answer an access question before the answer is "no". */
export const DEFAULT_ACCESS_TIMEOUT_MS = 1500;
/**
 * How long an answer is reused. With the timeout, it bounds how late a withdrawn right is seen:
 * 3 s of cache + 1.5 s for the next question stays under the 5 s the security model promises.
 */
export const DEFAULT_ACCESS_CACHE_TTL_MS = 3000;
/** The most objects asked about in one call; longer lists go in several. */
export const MAX_ACCESS_BATCH = 500;
/** The revocation delay the server promises; configurations that cannot keep it are warned about. */
const REVOCATION_BUDGET_MS = 5000;
/** The largest answer read from the ERP (500 booleans fit many times over). */
const MAX_ANSWER_BYTES = 256 * 1024;
const MAX_CACHE_ENTRIES = 50_000;
/** At most one line per this many ms about a failing ERP, so an outage does not flood the log. */
const LOG_INTERVAL_MS = 10_000;

/** What {@link HttpAccessPolicy} takes. */
export interface HttpAccessPolicyOptions {
  /** The ERP's access endpoint: https (plain http only on loopback). */
  readonly url: string;
  /** Default {@link DEFAULT_ACCESS_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Default {@link DEFAULT_ACCESS_CACHE_TTL_MS}; `0` asks every time. */
  readonly cacheTtlMs?: number;
  /**
   * When set, every call is signed like an ERP event (`X-RSE-Timestamp`, `X-RSE-Signature` over
   * `"<timestamp>.<body>"`), so the ERP can tell the RSE server from anyone else asking.
   */
  readonly signingSecret?: string | null;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof fetch;
  readonly logger?: RseLogger;
}

interface Waiter {
  readonly object: ObjectRef;
  readonly key: string;
  readonly settle: (allowed: boolean) => void;
}

/**
 * Asks the ERP over HTTP. One call per person and batch:
 *
 *     POST <url>   {"personId":"camille","objects":[{"system":"ERP","type":"SalesOrder","id":"4711"}]}
 *     200          {"canOpen":[true]}
 *
 * `canOpen` holds one boolean per object, in the order asked. Questions asked in the same turn of the
 * event loop are merged into one call; answers are cached for a few seconds; questions already on the
 * wire are not asked twice. It fails closed: a timeout, a refused connection, a redirect, a non-200
 * status or an answer of any other shape means "no" for every object of the call — logged, and not
 * cached, so the next question asks again.
 */
export class HttpAccessPolicy implements AccessPolicy {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly cache = new TtlCache<boolean>(MAX_CACHE_ENTRIES);
  private readonly inflight = new Map<string, Promise<boolean>>();
  private pending = new Map<string, Waiter[]>();
  private flushTimer: NodeJS.Immediate | undefined;
  private readonly closing = new AbortController();
  private readonly logger: RseLogger;
  private lastLogAt = -Infinity;
  private unlogged = 0;

  constructor(private readonly options: HttpAccessPolicyOptions) {
    this.url = secureUrl(options.url, 'access URL').href;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ACCESS_TIMEOUT_MS;
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_ACCESS_CACHE_TTL_MS;
    this.logger = options.logger ?? CONSOLE_LOGGER;
    if (!(this.timeoutMs > 0) || !(this.ttlMs >= 0)) throw new TypeError('The access timeout must be positive and the cache TTL zero or more.');
    if (this.timeoutMs + this.ttlMs > REVOCATION_BUDGET_MS) {
      this.logger.warn(
        `Access cache ${String(this.ttlMs)} ms + timeout ${String(this.timeoutMs)} ms exceed ${String(REVOCATION_BUDGET_MS)} ms: a withdrawn right may be seen later than promised.`,
      );
    }
  }

  canOpen(personId: string, object: ObjectRef): Promise<boolean> {
    return this.decide(personId, object, Date.now());
  }

  canOpenMany(personId: string, objects: readonly ObjectRef[]): Promise<boolean[]> {
    const now = Date.now();
    return Promise.all(objects.map((object) => this.decide(personId, object, now)));
  }

  close(): void {
    this.closing.abort();
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flush();
    this.cache.clear();
  }

  private decide(personId: string, object: ObjectRef, now: number): Promise<boolean> {
    const key = `${personId}\u0000${objectKey(object)}`;
    const cached = this.cache.get(key, now);
    if (cached !== undefined) return Promise.resolve(cached);
    const asked = this.inflight.get(key);
    if (asked) return asked;
    const answer = new Promise<boolean>((settle) => {
      let waiters = this.pending.get(personId);
      if (!waiters) this.pending.set(personId, (waiters = []));
      waiters.push({ object, key, settle });
    });
    this.inflight.set(key, answer);
    // setImmediate rather than a microtask: every delivery of one published event, and every resolver
    // of one GraphQL request, asks before the next macrotask, so they all share one call.
    this.flushTimer ??= setImmediate(() => {
      this.flush();
    });
    return answer;
  }

  private flush(): void {
    this.flushTimer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    for (const [personId, waiters] of pending) {
      for (let start = 0; start < waiters.length; start += MAX_ACCESS_BATCH) {
        void this.answer(personId, waiters.slice(start, start + MAX_ACCESS_BATCH));
      }
    }
  }

  private async answer(personId: string, waiters: readonly Waiter[]): Promise<void> {
    const startedAt = Date.now();
    const verdicts = await this.ask(personId, waiters.map((waiter) => waiter.object));
    waiters.forEach((waiter, index) => {
      const allowed = verdicts?.[index] === true;
      // Cached from when the question left, not when the answer came: the answer is at most that fresh.
      if (verdicts) this.cache.set(waiter.key, allowed, startedAt + this.ttlMs);
      this.inflight.delete(waiter.key);
      waiter.settle(allowed);
    });
  }

  /** The ERP's verdicts, or `null` when it gave none worth believing. */
  private async ask(personId: string, objects: readonly ObjectRef[]): Promise<boolean[] | null> {
    if (this.closing.signal.aborted) return null;
    const body = JSON.stringify({ personId, objects: objects.map(({ system, type, id }) => ({ system: system ?? null, type, id })) });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.signingSecret) Object.assign(headers, signErpEvent(this.options.signingSecret, body));
    try {
      const response = await (this.options.fetch ?? fetch)(this.url, {
        method: 'POST',
        headers,
        body,
        // A redirect could come from anyone on the way; the configured URL is the only one trusted.
        redirect: 'error',
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        return this.refuse(`answered HTTP ${String(response.status)}`);
      }
      const text = await response.text();
      if (text.length > MAX_ANSWER_BYTES) return this.refuse('sent an oversized answer');
      const verdicts = parseVerdicts(text, objects.length);
      return verdicts ?? this.refuse('sent an answer that is not {"canOpen": [booleans, one per object]}');
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return this.refuse(timedOut ? `did not answer within ${String(this.timeoutMs)} ms` : `could not be reached (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private refuse(why: string): null {
    if (this.closing.signal.aborted) return null;
    const now = Date.now();
    if (now - this.lastLogAt >= LOG_INTERVAL_MS) {
      const also = this.unlogged > 0 ? ` (${String(this.unlogged)} more failures since the last report)` : '';
      this.logger.error(`The ERP access endpoint ${this.url} ${why}: access refused for the objects asked about${also}.`);
      this.lastLogAt = now;
      this.unlogged = 0;
    } else {
      this.unlogged += 1;
    }
    return null;
  }
}

function parseVerdicts(text: string, count: number): boolean[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const verdicts: unknown = typeof json === 'object' && json !== null ? (json as { canOpen?: unknown }).canOpen : undefined;
  if (!Array.isArray(verdicts) || verdicts.length !== count || !verdicts.every((v) => typeof v === 'boolean')) return null;
  return verdicts;
}
