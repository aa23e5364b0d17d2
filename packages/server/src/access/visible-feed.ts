import { MAX_PAGE_SIZE, clampPageSize, type FeedQuery } from '@rse/core';
import { encodeCursor } from '../cursor.js';
import type { MessagePageRecord, MessageRecord } from '../storage/records.js';
import type { RseStore } from '../storage/rse-store.js';
import type { AccessControl } from './access-control.js';

/**
 * How many stored items one feed request may look at. A viewer who may open little of a busy feed
 * gets a short page (possibly empty) with a cursor to go on, rather than making the server read the
 * whole feed in one request.
 */
const MAX_SCANNED = 1000;

/**
 * One page of a feed as `viewerId` may see it: items about objects they may not open are left out
 * whole (never shown without their text or object), and pages stay contiguous — the cursor of a page
 * is its last visible item, so the next page starts right after it and skipped items stay skipped.
 */
export async function visibleFeedPage(store: RseStore, access: AccessControl, viewerId: string, query: FeedQuery): Promise<MessagePageRecord> {
  const wanted = clampPageSize(query.limit);
  const visible: MessageRecord[] = [];
  let before = query.before ?? null;
  let scanned = 0;
  for (;;) {
    // Stored pages come newest first with their cursor on their oldest item, as `feed` serves them.
    const stored = store.feeds.page(viewerId, { ...query, before, limit: MAX_PAGE_SIZE });
    const allowed = await access.canOpenEach(viewerId, stored.items.map((item) => item.object));
    for (const [index, item] of stored.items.entries()) {
      if (allowed[index] !== true) continue;
      // One visible item past the page tells that an older page exists.
      if (visible.length === wanted) return { items: visible, nextCursor: cursorOf(visible.at(-1)) };
      visible.push(item);
    }
    scanned += stored.items.length;
    if (stored.nextCursor === null) return { items: visible, nextCursor: null };
    if (scanned >= MAX_SCANNED) return { items: visible, nextCursor: stored.nextCursor };
    before = stored.nextCursor;
  }
}

function cursorOf(item: MessageRecord | undefined): string | null {
  return item ? encodeCursor(item.seq) : null;
}
