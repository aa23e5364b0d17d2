import type { ActivityEvent, FeedQuery, RseAdapter } from '../adapter.js';
import { toRseError, type RseError } from '../errors.js';
import { hashtagsOf } from '../markup/hashtags.js';
import type { Message } from '../model.js';
import type { ActivityHandle, ActivityHub } from './activity-hub.js';

/** Where a feed's first page stands. */
export type FeedStatus = 'loading' | 'ready' | 'error';

/** An immutable snapshot of one feed, replaced as a whole on every change. */
export interface FeedState {
  readonly status: FeedStatus;
  readonly error: RseError | null;
  /** Items shown, newest first. */
  readonly items: readonly Message[];
  /** Live items waiting behind an "N new" control, so the reader's place never jumps. */
  readonly incoming: number;
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
}

/** Who the viewer is and which feeds they belong to: what "everything I follow" means. */
export interface FeedViewer {
  readonly personId: string;
  readonly feedIds: ReadonlySet<string>;
}

/** How many pages a resync reads back at most to close a gap. */
const MAX_GAP_PAGES = 100;

const INITIAL_STATE: FeedState = { status: 'loading', error: null, items: [], incoming: 0, hasOlder: false, loadingOlder: false };

/**
 * One feed as every element on the page sees it: read page by page (newest first), kept live from the
 * client's activity stream. New items wait in `incoming` until {@link showIncoming} is called.
 */
export class FeedStore {
  private current: FeedState = INITIAL_STATE;
  private readonly listeners = new Set<(state: FeedState) => void>();
  private activity: ActivityHandle | null = null;
  private waiting: Message[] = [];
  private nextCursor: string | null = null;
  private viewer: FeedViewer | null = null;
  private generation = 0;

  constructor(
    private readonly adapter: RseAdapter,
    private readonly hub: ActivityHub,
    /** The feed and filters this store shows. */
    readonly query: FeedQuery,
    private readonly resolveViewer: () => Promise<FeedViewer>,
  ) {}

  /** The latest snapshot. */
  get state(): FeedState {
    return this.current;
  }

  /** Calls `listener` with every new snapshot until the returned function is called. */
  subscribe(listener: (state: FeedState) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.stop();
    };
  }

  /** Shows the live items that were waiting, on top. */
  showIncoming(): void {
    if (this.waiting.length === 0) return;
    const known = new Set(this.current.items.map((m) => m.id));
    this.update({ items: [...this.waiting.filter((m) => !known.has(m.id)), ...this.current.items], incoming: 0 });
    this.waiting = [];
  }

  /** Loads the page of items older than the last one shown. */
  async loadOlder(): Promise<void> {
    if (this.current.loadingOlder || this.nextCursor === null) return;
    this.update({ loadingOlder: true });
    try {
      const page = await this.adapter.getFeed({ ...this.query, before: this.nextCursor });
      this.nextCursor = page.nextCursor;
      const known = new Set(this.current.items.map((m) => m.id));
      this.update({
        loadingOlder: false,
        hasOlder: page.nextCursor !== null,
        items: [...this.current.items, ...page.items.filter((m) => !known.has(m.id))],
      });
    } catch (error) {
      this.update({ loadingOlder: false });
      throw toRseError(error);
    }
  }

  /** Reads the newest page again, e.g. after an error. */
  reload(): void {
    this.stop();
    this.current = INITIAL_STATE;
    this.emit();
    if (this.listeners.size > 0) this.start();
  }

  private start(): void {
    const generation = ++this.generation;
    const activity = this.hub.listen({
      next: (event) => {
        this.onActivity(event);
      },
      resync: () => void this.loadNewest(generation),
    });
    this.activity = activity;
    // Listen first, read once the stream delivers: nothing can fall between the page and the stream.
    const load = () => void this.loadNewest(generation);
    activity.ready.then(load, load);
  }

  private stop(): void {
    this.generation++;
    this.activity?.close();
    this.activity = null;
    this.waiting = [];
  }

  private async loadNewest(generation: number): Promise<void> {
    try {
      const [page, viewer] = await Promise.all([this.adapter.getFeed(this.query), this.resolveViewer()]);
      if (generation !== this.generation) return;
      this.viewer = viewer;
      if (this.current.status !== 'ready') {
        this.nextCursor = page.nextCursor;
        this.update({ status: 'ready', error: null, items: page.items, hasOlder: page.nextCursor !== null, incoming: this.waiting.length });
        return;
      }
      // After a drop: read back until the pages meet an item already shown, so nothing shared while
      // away is out of reach; if too much was missed, start over from what was read.
      const known = new Set(this.current.items.map((m) => m.id));
      let items = page.items;
      let cursor = page.nextCursor;
      const meets = () => known.size === 0 || items.some((m) => known.has(m.id));
      for (let pages = 1; cursor !== null && pages < MAX_GAP_PAGES && !meets(); pages++) {
        const older = await this.adapter.getFeed({ ...this.query, before: cursor });
        if (generation !== this.generation) return;
        items = [...items, ...older.items];
        cursor = older.nextCursor;
      }
      const fresh = new Set(items.map((m) => m.id));
      this.waiting = this.waiting.filter((m) => !fresh.has(m.id));
      if (meets() || cursor === null) {
        this.update({ status: 'ready', error: null, items: [...items, ...this.current.items.filter((m) => !fresh.has(m.id))], incoming: this.waiting.length });
      } else {
        this.nextCursor = cursor;
        this.update({ status: 'ready', error: null, items, hasOlder: true, incoming: this.waiting.length });
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.update({ status: 'error', error: toRseError(error) });
    }
  }

  private onActivity(event: ActivityEvent): void {
    if (event.type !== 'message-posted' || this.current.status !== 'ready') return;
    const message = event.message;
    if (!this.matches(message)) return;
    if (this.waiting.some((m) => m.id === message.id) || this.current.items.some((m) => m.id === message.id)) return;
    this.waiting = [message, ...this.waiting];
    this.update({ incoming: this.waiting.length });
  }

  /** The same rules the backend applies to a feed page, for items arriving live. */
  private matches(message: Message): boolean {
    const share = message.share;
    const viewer = this.viewer;
    if (!share || message.replyTo !== null || !viewer) return false;
    const { feedId, intent, objectType, hashtag } = this.query;
    const addressed =
      feedId != null
        ? share.feeds.some((f) => f.id === feedId)
        : message.author.id === viewer.personId ||
          share.people.some((p) => p.id === viewer.personId) ||
          share.feeds.some((f) => viewer.feedIds.has(f.id));
    if (!addressed) return false;
    if (intent && share.intent !== intent) return false;
    if (objectType && message.object.type !== objectType) return false;
    if (hashtag) {
      const wanted = hashtag.replace(/^#/u, '').toLowerCase();
      if (!hashtagsOf(message.tokens).some((tag) => tag.toLowerCase() === wanted)) return false;
    }
    return true;
  }

  private update(patch: Partial<FeedState>): void {
    this.current = { ...this.current, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
