/**
 * Type-level test of what an integrator's TypeScript sees after importing `@rse/elements/define.js`:
 * every tag in `HTMLElementTagNameMap`, every event in `GlobalEventHandlersEventMap`, each with its
 * precise type. It is never run, only compiled: `npm run typecheck` compiles it with the rest of the
 * repo, and test/types/typings.test.ts compiles it alone, once against the sources and once against
 * the built declarations, so a tag or event that does not reach a consumer fails there.
 *
 * A failed `Expect<…>` or an unused `@ts-expect-error` is a compile error.
 */
import type {
  RseErrorDetail,
  RseErrorEvent,
  RseFeed,
  RseMessagePostDetail,
  RseMessagePostEvent,
  RseObjectBadge,
  RseObjectOpenDetail,
  RseObjectOpenEvent,
  RseObjectThread,
  RseProvider,
  RseShareButton,
  RseShareDetail,
  RseShareEvent,
  RseShareRequestDetail,
  RseShareRequestEvent,
} from '@rse/elements/define.js';

/** True when A and B are the same type, not merely assignable one way. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the identity trick needs T
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

/** Every tag, and nothing else under `rse-`: a new element must be added here and to its map entry. */
export type Tags = [
  Expect<Equals<HTMLElementTagNameMap['rse-feed'], RseFeed>>,
  Expect<Equals<HTMLElementTagNameMap['rse-object-badge'], RseObjectBadge>>,
  Expect<Equals<HTMLElementTagNameMap['rse-object-thread'], RseObjectThread>>,
  Expect<Equals<HTMLElementTagNameMap['rse-provider'], RseProvider>>,
  Expect<Equals<HTMLElementTagNameMap['rse-share-button'], RseShareButton>>,
  Expect<
    Equals<
      Extract<keyof HTMLElementTagNameMap, `rse-${string}`>,
      'rse-feed' | 'rse-object-badge' | 'rse-object-thread' | 'rse-provider' | 'rse-share-button'
    >
  >,
];

/** Every event with its class and detail, and nothing else under `rse-`. */
export type Events = [
  Expect<Equals<GlobalEventHandlersEventMap['rse-error'], RseErrorEvent>>,
  Expect<Equals<GlobalEventHandlersEventMap['rse-message-post'], RseMessagePostEvent>>,
  Expect<Equals<GlobalEventHandlersEventMap['rse-object-open'], RseObjectOpenEvent>>,
  Expect<Equals<GlobalEventHandlersEventMap['rse-share-request'], RseShareRequestEvent>>,
  Expect<Equals<GlobalEventHandlersEventMap['rse-share'], RseShareEvent>>,
  Expect<Equals<RseErrorEvent['detail'], RseErrorDetail>>,
  Expect<Equals<RseMessagePostEvent['detail'], RseMessagePostDetail>>,
  Expect<Equals<RseObjectOpenEvent['detail'], RseObjectOpenDetail>>,
  Expect<Equals<RseShareRequestEvent['detail'], RseShareRequestDetail>>,
  Expect<Equals<RseShareEvent['detail'], RseShareDetail>>,
  Expect<
    Equals<
      Extract<keyof GlobalEventHandlersEventMap, `rse-${string}`>,
      'rse-error' | 'rse-message-post' | 'rse-object-open' | 'rse-share-request' | 'rse-share'
    >
  >,
  // Elements, the document and the window all inherit the global map.
  Expect<Equals<HTMLElementEventMap['rse-share'], RseShareEvent>>,
  Expect<Equals<DocumentEventMap['rse-object-open'], RseObjectOpenEvent>>,
  Expect<Equals<WindowEventMap['rse-error'], RseErrorEvent>>,
];

/** How host code reads: typed elements from `createElement` and `querySelector`, typed listeners. */
export function hostCode(): string[] {
  const feed = document.createElement('rse-feed');
  const button = document.querySelector('rse-share-button');
  const seen: string[] = [];

  feed.addEventListener('rse-object-open', (event) => {
    seen.push(event.detail.objectKey, event.detail.url ?? '');
    event.preventDefault();
  });
  button?.addEventListener('rse-share', (event) => {
    seen.push(event.detail.messageId, event.detail.intent);
  });
  document.addEventListener('rse-error', (event) => {
    seen.push(event.detail.operation, event.detail.code);
  });
  document.addEventListener('rse-share-request', (event) => {
    seen.push(...event.detail.feedIds, String(event.detail.severity));
  });
  document.addEventListener('rse-message-post', (event) => {
    seen.push(event.detail.replyTo ?? event.detail.messageId);
  });

  // The lines below are meant not to type-check, so type-aware lint rules see error types there.
  /* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-class-instance-assignment */
  // @ts-expect-error -- no such tag: createElement gives a plain HTMLElement
  const unknownTag: RseFeed = document.createElement('rse-unknown');
  seen.push(unknownTag.localName);

  // @ts-expect-error -- no such field in the share's detail
  button?.addEventListener('rse-share', (event) => seen.push(event.detail.unknownField));

  // @ts-expect-error -- an unknown event name gives a plain Event, which has no detail
  document.addEventListener('rse-unknown', (event) => seen.push(event.detail));
  /* eslint-enable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-class-instance-assignment */

  return seen;
}

// @ts-expect-error -- an unknown tag is not a key of the map
export type UnknownTag = HTMLElementTagNameMap['rse-unknown'];

// @ts-expect-error -- an unknown event is not a key of the map
export type UnknownEvent = GlobalEventHandlersEventMap['rse-unknown'];
