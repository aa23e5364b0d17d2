import { Repeater } from 'graphql-yoga';

type Listener<E> = (event: E) => void;

/**
 * What a stream's gate decides about one event: deliver it, leave it out, or end the stream after
 * delivering `end` in its place (a closing event, such as "the object is gone").
 */
export type Admission<E> = 'deliver' | 'skip' | { readonly end: E };

/** Decides, per stream and at delivery time, what happens to each event (see {@link Admission}). */
export type Gate<E> = (event: E) => Admission<E> | Promise<Admission<E>>;

/**
 * The most events a gated stream may hold while its gate decides; past that the stream ends with an
 * error (the client resumes from its last cursor), as when a consumer stalls.
 */
const MAX_AWAITING_ADMISSION = 1024;

/**
 * Named channels of live events, and streams that listen to several of them. Publishing is synchronous
 * on purpose: a write publishes right after its commit, in the same tick, and a stream registers its
 * listeners and reads its start events from storage in one tick too — so a stream can neither miss an
 * event nor receive one twice (its replay and the live events join without a gap or an overlap).
 *
 * A stream may have a gate, asked for every event (replayed ones included) at delivery time; since a
 * gate may be asynchronous (an access policy asking the ERP), events queue behind it one by one, so
 * they still arrive in the order they were published.
 */
export class EventHub<E> {
  private readonly listeners = new Map<string, Set<Listener<E>>>();
  private readonly streams = new Set<() => void>();

  /** Delivers `event` to every stream listening to `channel`. */
  publish(channel: string, event: E): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event);
  }

  /**
   * A stream of the events published on `channels`, preceded by what `start` returns, each passed
   * through `gate` when one is given. `start` runs once the stream listens (when the consumer first
   * pulls), in the same tick. Ends when the consumer returns, the gate ends it, {@link closeAll} runs, or
   * at `until` (epoch ms; the expiry of the token that opened it).
   */
  stream(channels: readonly string[], start: () => Iterable<E>, gate?: Gate<E>, until?: number): AsyncIterableIterator<E> {
    return new Repeater<E>(async (push, stop) => {
      let ended = false;
      let awaiting = 0;
      let queue = Promise.resolve();
      const pushNow = (event: E): void => {
        try {
          void push(event);
        } catch (error) {
          // The consumer fell 1,024 events behind (a stalled connection): end this stream with an error
          // rather than grow without bound; the client reconnects and resumes from its last cursor.
          stop(error);
        }
      };
      const admit = async (event: E): Promise<void> => {
        let admission: Admission<E>;
        try {
          admission = gate ? await gate(event) : 'deliver';
        } catch {
          // A gate that fails lets nothing through: failing closed is the point of a gate.
          admission = 'skip';
        }
        awaiting -= 1;
        if (ended) return;
        if (admission === 'deliver') pushNow(event);
        else if (admission !== 'skip') {
          ended = true;
          pushNow(admission.end);
          stop();
        }
      };
      const deliver = (event: E): void => {
        if (ended) return;
        if (!gate) {
          pushNow(event);
          return;
        }
        if (++awaiting > MAX_AWAITING_ADMISSION) {
          ended = true;
          stop(new Error('The live stream fell too far behind.'));
          return;
        }
        queue = queue.then(() => admit(event));
      };
      const unlisten = channels.map((channel) => this.listen(channel, deliver));
      this.streams.add(stop);
      const expiry = until === undefined ? undefined : stopAt(until, () => {
        ended = true;
        stop();
      });
      try {
        for (const event of start()) deliver(event);
        await stop;
      } finally {
        expiry?.cancel();
        ended = true;
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

/** setTimeout's longest delay (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `end` at `instant` (epoch ms), however far away, unless cancelled first. */
function stopAt(instant: number, end: () => void): { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const left = instant - Date.now();
    if (left <= 0) {
      end();
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    // An open stream must not keep the process alive on its own.
    timer.unref();
  };
  arm();
  return {
    cancel: () => {
      clearTimeout(timer);
    },
  };
}
