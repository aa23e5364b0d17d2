import { RseError, type ObjectRef } from '@rse/core';
import type { AccessControl } from '../access/access-control.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { ReadMarkerRecord } from '../storage/read-store.js';
import type { MessageRecord, ObjectRecord } from '../storage/records.js';
import type { RseStore } from '../storage/rse-store.js';
import { EventHub, type Admission } from './event-hub.js';

/**
 * A live event as the `ThreadEvent` and `ActivityEvent` GraphQL types serve it (`ThreadEvent` has no
 * `object` and never carries READ). `cursor` is a storage position: the message's own for
 * MESSAGE_POSTED, the marker's for READ, the starting point for READY. `GONE` never reaches a client as
 * such: it ends a thread stream whose viewer lost access, and its resolver answers `NOT_FOUND`.
 */
export interface LiveEventRecord {
  readonly kind: 'READY' | 'MESSAGE_POSTED' | 'READ' | 'GONE';
  readonly message: MessageRecord | null;
  readonly object: ObjectRecord | null;
  readonly cursor: string;
}

/**
 * The most stored events a resuming stream replays; further behind, the client reloads instead.
 * Well under the 1,024 pending pushes a Repeater holds, so a replay alone never overflows it.
 */
export const MAX_REPLAY = 500;

/** Where a message goes: its thread's followers, and every activity stream. */
const threadChannel = (key: string): string => `thread:${key}`;
const ACTIVITY_CHANNEL = 'activity';
/** Read markers go to their owner's activity streams only. */
const readsChannel = (personId: string): string => `reads:${personId}`;

/**
 * The live side of the server: writes announce what they stored here, and subscriptions get streams
 * that start with READY, replay what a resuming client missed, then carry live events.
 *
 * Access is asked per viewer at delivery time, for every event, replayed ones included — not only
 * when a stream opens — so a right the ERP withdraws stops the very next push (within the policy's
 * cache time): activity streams leave out events about objects the viewer may not open, and a thread
 * stream whose viewer lost the object ends with `NOT_FOUND`.
 */
export class LiveEvents {
  private readonly hub = new EventHub<LiveEventRecord>();

  constructor(
    private readonly store: RseStore,
    private readonly access: AccessControl,
  ) {}

  /** Announces a newly stored message (of any kind) to its thread's streams and to activity streams. */
  messagePosted(message: MessageRecord): void {
    const event = posted(message);
    this.hub.publish(threadChannel(message.object.key), event);
    this.hub.publish(ACTIVITY_CHANNEL, event);
  }

  /** Announces that `personId` marked an object read, to that person's activity streams (every tab). */
  markedRead(personId: string, marker: ReadMarkerRecord): void {
    this.hub.publish(readsChannel(personId), read(marker));
  }

  /**
   * The live events of one thread, for `viewerId`. READY's cursor is where the stream starts — the
   * thread's latest message, or `after` when resuming — so a client that drops before any message still
   * resumes without a gap. `NOT_FOUND` for an unknown object or one the viewer may not open (checked
   * before the cursor, so both answer alike); `INVALID_INPUT` for a malformed cursor or one more than
   * {@link MAX_REPLAY} messages behind.
   */
  async threadStream(
    viewerId: string,
    object: ObjectRef,
    after: string | null | undefined,
    until?: number,
  ): Promise<AsyncIterableIterator<LiveEventRecord>> {
    const key = await this.access.requireObject(viewerId, object);
    const afterSeq = after == null ? null : decodeCursor(after);
    if (afterSeq !== null && this.store.messages.countThreadAfter(key, afterSeq, MAX_REPLAY + 1) > MAX_REPLAY) {
      throw tooFarBehind();
    }
    return this.hub.stream(
      [threadChannel(key)],
      () => {
        const start = afterSeq ?? this.store.messages.latestInThread(key);
        const replay = afterSeq === null ? [] : this.store.messages.threadAfter(key, afterSeq).map(posted);
        return [ready(start), ...replay];
      },
      async (event): Promise<Admission<LiveEventRecord>> => {
        if (event.object === null || (await this.access.canOpen(viewerId, event.object))) return 'deliver';
        return { end: GONE };
      },
      until,
    );
  }

  /**
   * Everything `personId` can see: messages on objects they may open, and their own read markers (on
   * objects they may still open). Resuming replays
   * the messages stored after `after` and the markers set since, each marker placed after the messages
   * it covers, so a replayed READ never zeroes a count a later message raised.
   */
  activityStream(personId: string, after: string | null | undefined, until?: number): AsyncIterableIterator<LiveEventRecord> {
    const afterSeq = after == null ? null : decodeCursor(after);
    if (afterSeq !== null) {
      const behind =
        this.store.messages.countAllAfter(afterSeq, MAX_REPLAY + 1) + this.store.reads.markersSince(personId, afterSeq, MAX_REPLAY + 1).length;
      if (behind > MAX_REPLAY) throw tooFarBehind();
    }
    return this.hub.stream(
      [ACTIVITY_CHANNEL, readsChannel(personId)],
      () => {
        if (afterSeq === null) return [ready(this.store.messages.latest())];
        // A marker at position p was set after message p and before message p + 1. It is replayed even when
        // the client's cursor is p itself: the client may not have received it, and READ is idempotent.
        const replay = [
          ...this.store.messages.allAfter(afterSeq, 2 * MAX_REPLAY).map((message) => ({ position: message.seq, order: 0, event: posted(message) })),
          ...this.store.reads.markersSince(personId, afterSeq, 2 * MAX_REPLAY).map((marker) => ({ position: marker.seq, order: 1, event: read(marker) })),
        ].sort((a, b) => a.position - b.position || a.order - b.order);
        return [ready(afterSeq), ...replay.map((entry) => entry.event)];
      },
      async (event) => (event.object === null || (await this.access.canOpen(personId, event.object)) ? 'deliver' : 'skip'),
      until,
    );
  }

  /** Ends every open stream (server shutdown): clients receive `complete`. */
  closeAll(): void {
    this.hub.closeAll();
  }
}

function ready(seq: number): LiveEventRecord {
  return { kind: 'READY', message: null, object: null, cursor: encodeCursor(seq) };
}

function posted(message: MessageRecord): LiveEventRecord {
  return { kind: 'MESSAGE_POSTED', message, object: message.object, cursor: encodeCursor(message.seq) };
}

function read(marker: ReadMarkerRecord): LiveEventRecord {
  return { kind: 'READ', message: null, object: marker.object, cursor: encodeCursor(marker.seq) };
}

/** Ends a thread stream whose viewer may no longer open its object. */
const GONE: LiveEventRecord = { kind: 'GONE', message: null, object: null, cursor: '' };

function tooFarBehind(): RseError {
  return new RseError('INVALID_INPUT', 'The stream cursor is too far behind; reload instead.');
}
