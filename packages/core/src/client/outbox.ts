import type { PostMessageInput, RseAdapter } from '../adapter.js';
import { RseError, toRseError } from '../errors.js';
import type { Message } from '../model.js';
import type { OutboxEntry, OutboxStorage } from './outbox-storage.js';

/** Waits between attempts while the backend is unreachable: quick at first, then every 10 s. */
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000, 10_000] as const;

interface Waiter {
  resolve(message: Message): void;
  reject(error: RseError): void;
}

/**
 * Every message this client sends goes through here. Entries are kept (in IndexedDB in browsers) until
 * the backend has them, sent one at a time in the order they were written — so each author's order is
 * kept — and retried with back-off while the backend is unreachable. A refusal (invalid, not found,
 * forbidden) fails the entry for good; the person may retry or discard it. Because each entry keeps
 * its client id, a retry after a lost answer never creates a second message.
 */
export class Outbox {
  private queue: OutboxEntry[] = [];
  private readonly waiters = new Map<string, Waiter>();
  private readonly listeners = new Set<(entries: readonly OutboxEntry[]) => void>();
  private running = false;
  private wake: (() => void) | null = null;
  private restored: Promise<void> | null = null;

  constructor(
    private readonly adapter: RseAdapter,
    private readonly storage: OutboxStorage,
    private readonly authorId: () => Promise<string>,
    private readonly onSent: (message: Message) => void,
  ) {}

  /** Everything not yet confirmed, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.queue;
  }

  /** Calls `listener` whenever entries change, until the returned function is called. */
  subscribe(listener: (entries: readonly OutboxEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Picks up entries kept from an earlier page (this author's only) and sends them. Idempotent. */
  restore(): Promise<void> {
    this.restored ??= (async () => {
      try {
        const me = await this.authorId();
        const kept = (await this.storage.load()).filter((e) => e.authorId === me && !this.queue.some((q) => q.clientId === e.clientId));
        this.queue = [...kept.map((e) => (e.state === 'failed' ? e : { ...e, state: 'waiting' as const })), ...this.queue];
        this.changed();
        this.run();
      } catch {
        // No person yet, or no storage: nothing to restore; new messages still go out.
      }
    })();
    return this.restored;
  }

  /**
   * Queues a message — it is pending at once, synchronously — and resolves with the stored message once
   * sent, or rejects if the backend refuses it for good.
   */
  send(input: PostMessageInput): Promise<Message> {
    const entry: OutboxEntry = {
      clientId: input.clientId,
      authorId: '',
      input,
      state: 'waiting',
      attempts: 0,
      error: null,
      createdAt: new Date().toISOString(),
    };
    const sent = new Promise<Message>((resolve, reject) => {
      this.waiters.set(entry.clientId, { resolve, reject });
    });
    this.queue = [...this.queue, entry];
    this.changed();
    // The author is stamped before the entry is kept, so a reload never sends it as someone else.
    this.authorId().then(
      (authorId) => {
        this.replace(entry.clientId, { authorId });
        this.run();
      },
      () => {
        this.run();
      },
    );
    return sent;
  }

  /** Sends a failed entry again, keeping its client id. */
  retry(clientId: string): void {
    this.replace(clientId, { state: 'waiting', error: null });
    this.run();
  }

  /** Gives up on an entry that was not sent. */
  discard(clientId: string): void {
    this.queue = this.queue.filter((e) => e.clientId !== clientId);
    this.waiters.get(clientId)?.reject(new RseError('INVALID_INPUT', 'The message was discarded.'));
    this.waiters.delete(clientId);
    void this.storage.remove(clientId).catch(() => undefined);
    this.changed();
  }

  /** Tries the waiting entry now instead of at the end of its back-off (e.g. when the network returns). */
  nudge(): void {
    this.wake?.();
  }

  private run(): void {
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      // An entry queued or retried while the loop was finishing must not wait for the next send.
      if (this.queue.some((e) => e.state === 'waiting')) this.run();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const entry = this.queue.find((e) => e.state !== 'failed');
      if (!entry) return;
      this.replace(entry.clientId, { state: 'sending', attempts: entry.attempts + 1 });
      try {
        const message = await this.adapter.postMessage(entry.input);
        this.queue = this.queue.filter((e) => e.clientId !== entry.clientId);
        await this.storage.remove(entry.clientId).catch(() => undefined);
        this.changed();
        this.onSent(message);
        this.waiters.get(entry.clientId)?.resolve(message);
        this.waiters.delete(entry.clientId);
      } catch (caught) {
        const error = toRseError(caught);
        const failure = { code: error.code, message: error.message };
        if (!error.retryable) {
          this.replace(entry.clientId, { state: 'failed', error: failure });
          this.waiters.get(entry.clientId)?.reject(error);
          this.waiters.delete(entry.clientId);
          continue;
        }
        // Unreachable: wait, then try the same entry again, so later messages never overtake it.
        this.replace(entry.clientId, { state: 'waiting', error: failure });
        await this.pause(RETRY_DELAYS_MS[Math.min(entry.attempts, RETRY_DELAYS_MS.length - 1)] ?? 10_000);
      }
    }
  }

  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private replace(clientId: string, patch: Partial<OutboxEntry>): void {
    this.queue = this.queue.map((e) => (e.clientId === clientId ? { ...e, ...patch } : e));
    const entry = this.queue.find((e) => e.clientId === clientId);
    if (entry && entry.authorId !== '') void this.storage.save(entry).catch(() => undefined);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener(this.queue);
  }
}
