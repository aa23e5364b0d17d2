import { Repeater } from 'graphql-yoga';

type Listener<E> = (event: E) => void;

/**
 * Named channels of live events, and streams that listen to several of them. Everything here is
 * synchronous on purpose: a write publishes right after its commit, in the same tick, and a stream
 * registers its listeners and reads its start events from storage in one tick too — so a stream can
 * neither miss an event nor receive one twice (its replay and the live events join without a gap or an
 * overlap).
 */
export class EventHub<E> {
  private readonly listeners = new Map<string, Set<Listener<E>>>();
  private readonly streams = new Set<() => void>();

  /** Delivers `event` to every stream listening to `channel`. */
  publish(channel: string, event: E): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event);
  }

  /**
   * A stream of the events published on `channels`, preceded by what `start` returns. `start` runs once
   * the stream listens (when the consumer first pulls), in the same tick. Ends when the consumer returns
   * or {@link closeAll} runs.
   */
  stream(channels: readonly string[], start: () => Iterable<E>): AsyncIterableIterator<E> {
    return new Repeater<E>(async (push, stop) => {
      const deliver = (event: E): void => {
        try {
          void push(event);
        } catch (error) {
          // The consumer fell 1,024 events behind (a stalled connection): end this stream with an error
          // rather than grow without bound; the client reconnects and resumes from its last cursor.
          stop(error);
        }
      };
      const unlisten = channels.map((channel) => this.listen(channel, deliver));
      this.streams.add(stop);
      try {
        for (const event of start()) deliver(event);
        await stop;
      } finally {
        for (const remove of unlisten) remove();
        this.streams.delete(stop);
      }
    });
  }

  /** Ends every open stream (server shutdown): clients receive `complete`. */
  closeAll(): void {
    for (const stop of [...this.streams]) stop();
  }

  private listen(channel: string, listener: Listener<E>): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channel);
    };
  }
}
