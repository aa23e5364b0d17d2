/**
 * The adapter conformance suite: the behaviour every {@link RseAdapter} must show, written once and run
 * against each implementation (the in-memory adapter, the GraphQL adapter on the real server, a host's
 * own). It depends on no test framework: pass your framework's `test` function to {@link runConformance}.
 *
 * @module
 */
import type { ActivityEvent, RseAdapter, ThreadEvent } from '../adapter.js';
import { RseError, type RseErrorCode } from '../errors.js';
import { newClientId } from '../ids.js';
import { parseMarkup } from '../markup/parse.js';
import type { Feed, Message, ObjectRef } from '../model.js';

/** What one conformance case gets: two people on a backend, and objects to talk about. */
export interface ConformanceFixture {
  /** Two adapters acting as two different people, both allowed on `object` and `otherObject`. */
  readonly adapters: readonly [RseAdapter, RseAdapter];
  /** An existing object whose thread is empty at the start of the case. */
  readonly object: ObjectRef;
  /** Another existing object, empty too. */
  readonly otherObject: ObjectRef;
  /** An object that does not exist. */
  readonly unknownObject: ObjectRef;
  /** A feed created for the case, empty, whose members are both people. */
  readonly feed: Feed;
  /** An existing object, empty, that the first person may open and the second may not (the ERP says so). */
  readonly restrictedObject: ObjectRef;
  /** Frees the fixture (closes adapters, stops servers). */
  close(): Promise<void> | void;
}

/** Builds a fresh fixture for each case. */
export type ConformanceFactory = () => Promise<ConformanceFixture>;

/** One behaviour of the contract. */
export interface ConformanceCase {
  readonly name: string;
  run(fixture: ConformanceFixture): Promise<void>;
}

/** A test framework's `test(name, fn)` (node:test, mocha, vitest and jasmine all fit). */
export type TestFunction = (name: string, fn: () => Promise<void>) => unknown;

/** How long a live event may take to arrive before a case fails. */
const EVENT_TIMEOUT_MS = 3000;

class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

async function expectError(promise: Promise<unknown>, codes: readonly RseErrorCode[], what: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    check(error instanceof RseError, `${what}: expected an RseError, got ${String(error)}`);
    check(codes.includes(error.code), `${what}: expected code ${codes.join(' or ')}, got ${error.code}`);
    return;
  }
  throw new ConformanceError(`${what}: expected a failure, but it succeeded`);
}

function post(adapter: RseAdapter, object: ObjectRef, text: string, replyTo?: string): Promise<Message> {
  return adapter.postMessage({ object, text, clientId: newClientId(), replyTo: replyTo ?? null });
}

/** Collects live events and lets a case wait for the n-th one. */
class EventRecorder<E = ThreadEvent> {
  readonly events: E[] = [];
  private waiters: (() => void)[] = [];

  readonly handlers = {
    next: (event: E) => {
      this.events.push(event);
      for (const wake of this.waiters) wake();
    },
  };

  async waitFor(count: number, what: string): Promise<readonly E[]> {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    while (this.events.length < count) {
      const left = deadline - Date.now();
      check(left > 0, `${what}: ${String(count)} event(s) expected within ${String(EVENT_TIMEOUT_MS)} ms, got ${String(this.events.length)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
    return this.events;
  }
}

function share(adapter: RseAdapter, object: ObjectRef, text: string, feed: Feed, intent: 'information' | 'request' | 'alert' = 'information'): Promise<Message> {
  return adapter.share({
    object,
    text,
    clientId: newClientId(),
    intent,
    severity: intent === 'alert' ? 'critical' : null,
    feedIds: [feed.id],
    personIds: [],
  });
}

function posted(event: ThreadEvent | undefined): Message {
  if (event?.type !== 'message-posted') {
    throw new ConformanceError(`expected a message-posted event, got ${JSON.stringify(event)}`);
  }
  return event.message;
}

/** Every case of the contract, in the order they are best read. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  {
    name: 'me() names a person',
    async run({ adapters: [alice, bob] }) {
      const a = await alice.me();
      const b = await bob.me();
      check(typeof a.id === 'string' && a.id !== '', 'me().id is a non-empty string');
      check(typeof a.name === 'string' && a.name !== '', 'me().name is a non-empty string');
      check(a.id !== b.id, 'the two fixture adapters act for different people');
    },
  },
  {
    name: 'a new thread is empty',
    async run({ adapters: [alice], object }) {
      const page = await alice.getThread(object);
      checkEqual(page.items.length, 0, 'items');
      checkEqual(page.nextCursor, null, 'nextCursor');
    },
  },
  {
    name: 'a posted message reads back exactly as typed, with its tokens',
    async run({ adapters: [alice, bob], object }) {
      const me = await alice.me();
      const text = '  Le client voulait une **box TV**, pas une télé 📺 — @bob <script>x</script>\n#tv  ';
      const clientId = newClientId();
      const message = await alice.postMessage({ object, text, clientId });
      checkEqual(message.text, text, 'returned text');
      checkEqual(message.clientId, clientId, 'returned clientId');
      checkEqual(message.author.id, me.id, 'author');
      checkEqual(message.replyTo, null, 'replyTo');
      checkEqual(message.tokens, parseMarkup(text), 'tokens');
      check(!Number.isNaN(Date.parse(message.createdAt)), 'createdAt is an ISO instant');
      const page = await bob.getThread(object);
      checkEqual(page.items.length, 1, 'thread length seen by another person');
      const read = page.items[0];
      checkEqual(read?.id, message.id, 'id read back');
      checkEqual(read?.text, text, 'text read back');
      checkEqual(read?.tokens, parseMarkup(text), 'tokens read back');
      checkEqual(read?.object.type, object.type, 'object type read back');
      checkEqual(read?.object.id, object.id, 'object id read back');
    },
  },
  {
    name: 'empty and blank texts are rejected and nothing is stored',
    async run({ adapters: [alice], object }) {
      await expectError(post(alice, object, ''), ['INVALID_INPUT'], 'empty text');
      await expectError(post(alice, object, ' \n\t '), ['INVALID_INPUT'], 'blank text');
      await expectError(post(alice, object, 'a\u0000b'), ['INVALID_INPUT'], 'text with NUL');
      checkEqual((await alice.getThread(object)).items.length, 0, 'messages stored');
    },
  },
  {
    name: 'an unknown object answers NOT_FOUND for reads, posts and subscriptions',
    async run({ adapters: [alice], unknownObject }) {
      await expectError(alice.getThread(unknownObject), ['NOT_FOUND'], 'read');
      await expectError(post(alice, unknownObject, 'hello'), ['NOT_FOUND'], 'post');
      let failure: unknown;
      const subscription = alice.subscribeThread(unknownObject, { next: () => undefined, error: (e) => (failure = e) });
      await expectError(subscription.ready, ['NOT_FOUND'], 'subscription');
      subscription.close();
      check(failure instanceof RseError, 'subscription error handler receives an RseError');
    },
  },
  {
    name: 'pages go from newest to oldest, each oldest first, with no gap or repeat',
    async run({ adapters: [alice], object }) {
      const texts = Array.from({ length: 7 }, (_, i) => `message ${String(i + 1)}`);
      for (const text of texts) await post(alice, object, text);
      const first = await alice.getThread(object, { limit: 3 });
      checkEqual(first.items.map((m) => m.text), texts.slice(4), 'newest page');
      check(first.nextCursor !== null, 'newest page has a cursor to older messages');
      const second = await alice.getThread(object, { limit: 3, before: first.nextCursor });
      checkEqual(second.items.map((m) => m.text), texts.slice(1, 4), 'second page');
      const third = await alice.getThread(object, { limit: 3, before: second.nextCursor });
      checkEqual(third.items.map((m) => m.text), texts.slice(0, 1), 'last page');
      checkEqual(third.nextCursor, null, 'last page cursor');
    },
  },
  {
    name: 'a malformed cursor is rejected',
    async run({ adapters: [alice], object }) {
      await expectError(alice.getThread(object, { before: 'not-a-cursor' }), ['INVALID_INPUT'], 'malformed cursor');
    },
  },
  {
    name: 'replies sit under their message, one level deep',
    async run({ adapters: [alice, bob], object }) {
      const parent = await post(alice, object, 'Any LCD TVs left?');
      const reply = await post(bob, object, 'Two in Lyon.', parent.id);
      checkEqual(reply.replyTo, parent.id, 'reply.replyTo');
      const nested = await post(alice, object, 'Thanks!', reply.id);
      checkEqual(nested.replyTo, parent.id, 'a reply to a reply joins the top-level message');
      const page = await alice.getThread(object);
      checkEqual(page.items.map((m) => m.id), [parent.id], 'replies are not top-level items');
      checkEqual(page.items[0]?.replies.map((m) => m.text), ['Two in Lyon.', 'Thanks!'], 'replies, oldest first');
      await expectError(post(alice, object, 'orphan', 'no-such-message'), ['NOT_FOUND', 'INVALID_INPUT'], 'reply to unknown id');
    },
  },
  {
    name: 'a reply cannot cross into another thread',
    async run({ adapters: [alice], object, otherObject }) {
      const parent = await post(alice, object, 'here');
      await expectError(post(alice, otherObject, 'there', parent.id), ['NOT_FOUND', 'INVALID_INPUT'], 'cross-thread reply');
      checkEqual((await alice.getThread(otherObject)).items.length, 0, 'messages stored in the other thread');
    },
  },
  {
    name: 'the same client id from the same author yields one message; another author gets their own',
    async run({ adapters: [alice, bob], object }) {
      const clientId = newClientId();
      const first = await alice.postMessage({ object, text: 'once', clientId });
      const again = await alice.postMessage({ object, text: 'once', clientId });
      checkEqual(again.id, first.id, 'retried post id');
      const other = await bob.postMessage({ object, text: 'once', clientId });
      check(other.id !== first.id, 'same client id from another author is another message');
      checkEqual((await alice.getThread(object)).items.length, 2, 'thread length');
    },
  },
  {
    name: 'live events reach another person, in order, and stop after close',
    async run({ adapters: [alice, bob], object }) {
      const recorder = new EventRecorder();
      const subscription = bob.subscribeThread(object, recorder.handlers);
      await subscription.ready;
      const parent = await post(alice, object, 'Stock alert: no more LCD TVs');
      const reply = await post(alice, object, 'Restock Friday', parent.id);
      const events = await recorder.waitFor(2, 'live events');
      checkEqual(posted(events[0]).id, parent.id, 'first event');
      checkEqual(posted(events[0]).text, 'Stock alert: no more LCD TVs', 'first event text');
      checkEqual(posted(events[1]).id, reply.id, 'second event');
      checkEqual(posted(events[1]).replyTo, parent.id, 'second event replyTo');
      subscription.close();
      subscription.close();
      await post(alice, object, 'after close');
      await new Promise((resolve) => setTimeout(resolve, 300));
      checkEqual(recorder.events.length, 2, 'events after close');
    },
  },
  {
    name: 'live events stay within their object',
    async run({ adapters: [alice, bob], object, otherObject }) {
      const recorder = new EventRecorder();
      const subscription = bob.subscribeThread(object, recorder.handlers);
      await subscription.ready;
      await post(alice, otherObject, 'elsewhere');
      const mine = await post(alice, object, 'here');
      const events = await recorder.waitFor(1, 'live event');
      checkEqual(posted(events[0]).id, mine.id, 'only the own thread event arrives');
      await new Promise((resolve) => setTimeout(resolve, 200));
      checkEqual(recorder.events.length, 1, 'events');
      subscription.close();
    },
  },
  {
    name: 'a share lands in the object thread and in its feed, with intent and audience',
    async run({ adapters: [alice, bob], object, feed }) {
      const bobId = (await bob.me()).id;
      const clientId = newClientId();
      const input = { object, text: 'Le client voulait une box TV, pas une télé #tip', clientId, intent: 'request' as const, feedIds: [feed.id], personIds: [bobId] };
      const shared = await alice.share(input);
      checkEqual(shared.kind, 'share', 'kind');
      checkEqual(shared.share?.intent, 'request', 'intent');
      checkEqual(shared.share?.severity, null, 'severity of a request');
      checkEqual(shared.share?.feeds.map((f) => f.id), [feed.id], 'feeds');
      checkEqual(shared.share?.people.map((p) => p.id), [bobId], 'people');
      checkEqual((await alice.share(input)).id, shared.id, 'a retried share returns the same message');
      const thread = await bob.getThread(object);
      checkEqual(thread.items.map((m) => [m.id, m.kind]), [[shared.id, 'share']], 'thread items');
      const page = await bob.getFeed({ feedId: feed.id });
      checkEqual(page.items.map((m) => m.id), [shared.id], 'feed items');
      const following = await bob.getFeed({ limit: 5 });
      checkEqual(following.items[0]?.id, shared.id, "newest item of what bob follows");
    },
  },
  {
    name: 'shares without an audience, alerts without severity and foreign feeds are refused, storing nothing',
    async run({ adapters: [alice], object, feed }) {
      const base = { object, text: 'x', intent: 'information' as const, feedIds: [feed.id], personIds: [] };
      await expectError(alice.share({ ...base, clientId: newClientId(), feedIds: [] }), ['INVALID_INPUT'], 'no audience');
      await expectError(alice.share({ ...base, clientId: newClientId(), intent: 'alert', severity: null }), ['INVALID_INPUT'], 'alert without severity');
      await expectError(alice.share({ ...base, clientId: newClientId(), feedIds: ['no-such-feed'] }), ['FORBIDDEN', 'NOT_FOUND'], 'a feed the author is not in');
      await expectError(alice.share({ ...base, clientId: newClientId(), text: ' ' }), ['INVALID_INPUT'], 'blank text');
      checkEqual((await alice.getThread(object)).items.length, 0, 'thread after refusals');
      checkEqual((await alice.getFeed({ feedId: feed.id })).items.length, 0, 'feed after refusals');
    },
  },
  {
    name: 'a feed reads newest first by cursor and filters by intent, object type and hashtag',
    async run({ adapters: [alice, bob], object, otherObject, feed }) {
      const info = await share(alice, object, 'Sold 3 washing machines #Lyon', feed);
      const request = await share(bob, otherObject, 'Who has a 4K box? #lyon #stock', feed, 'request');
      const alert = await share(alice, object, 'No more LCD TVs', feed, 'alert');
      const first = await bob.getFeed({ feedId: feed.id, limit: 2 });
      checkEqual(first.items.map((m) => m.id), [alert.id, request.id], 'newest page');
      const second = await bob.getFeed({ feedId: feed.id, limit: 2, before: first.nextCursor });
      checkEqual(second.items.map((m) => m.id), [info.id], 'older page');
      checkEqual(second.nextCursor, null, 'last cursor');
      checkEqual((await bob.getFeed({ feedId: feed.id, intent: 'alert' })).items.map((m) => m.id), [alert.id], 'alerts only');
      checkEqual((await bob.getFeed({ feedId: feed.id, intent: 'request' })).items.map((m) => m.id), [request.id], 'requests only');
      checkEqual((await bob.getFeed({ feedId: feed.id, hashtag: 'LYON' })).items.map((m) => m.id), [request.id, info.id], 'hashtag, any case');
      checkEqual((await bob.getFeed({ feedId: feed.id, objectType: object.type })).items.length, 3, 'object type');
      checkEqual((await bob.getFeed({ feedId: feed.id, objectType: 'NoSuchType' })).items.length, 0, 'other object type');
      await expectError(bob.getFeed({ feedId: feed.id, before: 'not-a-cursor' }), ['INVALID_INPUT'], 'malformed cursor');
    },
  },
  {
    name: 'feeds list the viewer memberships; an unknown feed answers NOT_FOUND',
    async run({ adapters: [alice], feed }) {
      const feeds = await alice.listFeeds();
      check(feeds.some((f) => f.id === feed.id && f.name === feed.name), `listFeeds includes ${feed.id}`);
      await expectError(alice.getFeed({ feedId: 'no-such-feed' }), ['NOT_FOUND'], 'unknown feed');
    },
  },
  {
    name: 'people search finds colleagues by name prefix, best first',
    async run({ adapters: [alice, bob] }) {
      const target = await bob.me();
      const prefix = target.name.slice(0, 3);
      const found = await alice.searchPeople(prefix, 5);
      check(found.some((p) => p.id === target.id), `searching "${prefix}" finds ${target.id}`);
      check(found.length <= 5, 'the limit holds');
      checkEqual(await alice.searchPeople('zzzz-nobody-zzzz'), [], 'no match');
    },
  },
  {
    name: 'object cards come in the order asked, null for unknown objects',
    async run({ adapters: [alice], object, otherObject, unknownObject }) {
      const cards = await alice.getObjects([object, unknownObject, otherObject]);
      checkEqual(cards.length, 3, 'cards');
      checkEqual(cards[0]?.object.id, object.id, 'first card');
      checkEqual(cards[1], null, 'unknown object');
      checkEqual(cards[2]?.object.id, otherObject.id, 'third card');
      check(Array.isArray(cards[0]?.fields), 'fields is a list');
    },
  },
  {
    name: 'counts: totals, unread for others, read markers, zeros for unknown objects',
    async run({ adapters: [alice, bob], object, otherObject, unknownObject }) {
      const parent = await post(alice, object, 'one');
      await post(alice, object, 'two');
      await post(bob, object, 'three', parent.id);
      const [forBob, other, unknown] = await bob.getCounts([object, otherObject, unknownObject]);
      checkEqual([forBob?.total, forBob?.unread], [3, 2], "bob's counts (his own reply is not unread)");
      checkEqual(forBob?.object.id, object.id, 'order kept');
      checkEqual([other?.total, other?.unread], [0, 0], 'an undiscussed object');
      checkEqual([unknown?.total, unknown?.unread], [0, 0], 'an unknown object counts like an undiscussed one');
      await bob.markRead(object);
      const [afterRead] = await bob.getCounts([object]);
      checkEqual(afterRead?.unread, 0, 'unread after markRead');
      await post(alice, object, 'four');
      const [later] = await bob.getCounts([object]);
      checkEqual([later?.total, later?.unread], [4, 1], 'a new message after the marker');
      await expectError(bob.markRead(unknownObject), ['NOT_FOUND'], 'markRead on an unknown object');
    },
  },
  {
    name: 'the activity stream carries posts on any visible object and the viewer’s read markers',
    async run({ adapters: [alice, bob], object, otherObject }) {
      const recorder = new EventRecorder<ActivityEvent>();
      const subscription = bob.subscribeActivity(recorder.handlers);
      await subscription.ready;
      const first = await post(alice, object, 'on the first object');
      const second = await post(alice, otherObject, 'on the second object');
      await bob.markRead(object);
      const events = await recorder.waitFor(3, 'activity events');
      const seen = events.map((e) => (e.type === 'message-posted' ? e.message.id : `read:${e.object.id}`));
      check(seen.includes(first.id) && seen.includes(second.id), `both posts arrive (${seen.join(', ')})`);
      check(seen.includes(`read:${object.id}`), 'the read marker arrives');
      subscription.close();
    },
  },
  {
    name: 'a record the viewer may not open answers exactly like one that does not exist',
    async run({ adapters: [alice, bob], restrictedObject, unknownObject }) {
      await post(alice, restrictedObject, 'Margin on this deal: 31 %');
      const failure = async (object: ObjectRef): Promise<string> => {
        try {
          await bob.getThread(object);
        } catch (error) {
          return error instanceof RseError ? `${error.code}: ${error.message}` : String(error);
        }
        return 'no error';
      };
      checkEqual(await failure(restrictedObject), await failure(unknownObject), 'forbidden vs nonexistent');
      await expectError(post(bob, restrictedObject, 'let me in'), ['NOT_FOUND'], 'posting');
      await expectError(bob.markRead(restrictedObject), ['NOT_FOUND'], 'markRead');
      await expectError(bob.checkAccess(restrictedObject, []), ['NOT_FOUND'], 'checkAccess');
      checkEqual(await bob.getObjects([restrictedObject]), [null], 'object card');
      const [counts] = await bob.getCounts([restrictedObject]);
      checkEqual([counts?.total, counts?.unread], [0, 0], 'counts');
    },
  },
  {
    name: 'feeds and live streams leave out records the viewer may not open',
    async run({ adapters: [alice, bob], restrictedObject, object, feed }) {
      const recorder = new EventRecorder<ActivityEvent>();
      const activity = bob.subscribeActivity(recorder.handlers);
      await activity.ready;
      const hidden = await share(alice, restrictedObject, 'Secret pricing', feed);
      const visible = await share(alice, object, 'Public tip', feed);
      const events = await recorder.waitFor(1, 'activity');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ids = events.map((e) => (e.type === 'message-posted' ? e.message.id : 'read'));
      check(!ids.includes(hidden.id), 'the restricted share is not pushed');
      check(ids.includes(visible.id), 'the visible share is pushed');
      activity.close();
      const page = await bob.getFeed({ feedId: feed.id });
      checkEqual(page.items.map((m) => m.id), [visible.id], "bob's feed");
      const alicePage = await alice.getFeed({ feedId: feed.id });
      checkEqual(alicePage.items.map((m) => m.id), [visible.id, hidden.id], "alice's feed");
    },
  },
  {
    name: 'checkAccess says who may open a record, in the order asked',
    async run({ adapters: [alice, bob], restrictedObject, object }) {
      const bobId = (await bob.me()).id;
      const aliceId = (await alice.me()).id;
      checkEqual(await alice.checkAccess(restrictedObject, [bobId, aliceId]), [
        { personId: bobId, canOpen: false },
        { personId: aliceId, canOpen: true },
      ], 'restricted record');
      checkEqual(await alice.checkAccess(object, [bobId]), [{ personId: bobId, canOpen: true }], 'open record');
    },
  },
];

/**
 * Registers every conformance case with your test framework, each on a fresh fixture.
 *
 * @example
 * import { test } from 'node:test';
 * runConformance(test, async () => ({ adapters: [a, b], object, otherObject, unknownObject, close() {} }));
 */
export function runConformance(test: TestFunction, factory: ConformanceFactory): void {
  for (const testCase of CONFORMANCE_CASES) {
    test(testCase.name, async () => {
      const fixture = await factory();
      try {
        await testCase.run(fixture);
      } finally {
        await fixture.close();
      }
    });
  }
}
