import { Repeater } from 'graphql-yoga';
import { encodeCursor } from './cursor.js';
import type { MessageRecord } from './storage/records.js';

/** A live event as the `ThreadEvent` GraphQL type serves it. */
export type ThreadEventRecord =
  | { readonly kind: 'READY'; readonly message: null; readonly cursor: string }
  | { readonly kind: 'MESSAGE_POSTED'; readonly message: MessageRecord; readonly cursor: string };

/**
 * The most stored messages a resuming stream replays; further behind, the client reloads the thread.
 * Well under the 1,024 pending pushes a Repeater holds, so a replay alone never overflows it.
 */
export const MAX_REPLAY = 500;

type Listener = (message: MessageRecord) => void;

/** How a stream reads storage; both calls must be synchronous (see {@link ThreadEventHub}). */
export interface StreamStorage {
  /** The position of the thread's latest message, `0` when empty. */
  latestSeq(): number;
  /** The thread's messages stored after `seq`, oldest first. */
  messagesAfter(seq: number): readonly MessageRecord[];
}

/**
 * Fans posted messages out to the live streams of their object, in storage order. Everything here is
 * synchronous on purpose: a post publishes right after its insert, in the same tick, so a stream that
 * registers and reads storage in one tick can neither miss nor repeat a message.
 */
export class ThreadEventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly streams = new Set<() => void>();

  /** Delivers a newly stored message to the streams of its object. */
  publish(message: MessageRecord): void {
    for (const listener of this.listeners.get(message.object.key) ?? []) listener(message);
  }

  /**
   * A live stream for one object: READY first (once listening), then the messages stored after `afterSeq`
   * (when resuming), then live messages. READY's cursor is where the stream starts — the thread's latest
   * message, or `afterSeq` when resuming — so a client that drops before any message still resumes without
   * a gap. Ends when the consumer returns or {@link closeAll} runs. The caller checks beforehand that the
   * replay stays within {@link MAX_REPLAY}.
   */
  stream(key: string, afterSeq: number | null, storage: StreamStorage): AsyncIterableIterator<ThreadEventRecord> {
    return new Repeater<ThreadEventRecord>(async (push, stop) => {
      let lastSeq = 0;
      const deliver = (message: MessageRecord): void => {
        // A message already replayed from storage is not sent twice.
        if (message.seq <= lastSeq) return;
        lastSeq = message.seq;
        try {
          void push(posted(message));
        } catch (error) {
          // The consumer fell 1,024 events behind (a stalled connection): end this stream with an error
          // rather than grow without bound; the client reconnects and resumes from its last cursor.
          stop(error);
        }
      };
      const unlisten = this.listen(key, deliver);
      this.streams.add(stop);
      try {
        // Read in the same tick as listen(): nothing can be stored in between, so the start position,
        // the replay and the live messages join without a gap or an overlap.
        lastSeq = afterSeq ?? storage.latestSeq();
        void push({ kind: 'READY', message: null, cursor: encodeCursor(lastSeq) });
        if (afterSeq !== null) for (const message of storage.messagesAfter(afterSeq)) deliver(message);
        await stop;
      } finally {
        unlisten();
        this.streams.delete(stop);
      }
    });
  }

  /** Ends every open stream (server shutdown): clients receive `complete`. */
  closeAll(): void {
    for (const stop of [...this.streams]) stop();
  }

  private listen(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}

function posted(message: MessageRecord): ThreadEventRecord {
  return { kind: 'MESSAGE_POSTED', message, cursor: encodeCursor(message.seq) };
}
