import { objectKey, type ObjectCard, type ObjectRef, type RseClient } from '@rse/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The cards of the objects a host shows (a feed's items), read through `client.getObject`: every card
 * asked for in one update goes out in one batched request, and the client caches the answers. A card
 * that cannot be read is remembered as `null`, and the host shows the bare reference instead.
 */
export class ObjectCardController implements ReactiveController {
  private readonly cards = new Map<string, ObjectCard | null>();
  private readonly asked = new Set<string>();
  private client: RseClient | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // The client caches cards too; asking again on reconnect is cheap and picks up changed records.
    this.client = undefined;
    this.cards.clear();
    this.asked.clear();
  }

  /** Asks for the cards of `objects` not known yet; call it from `willUpdate`. */
  request(client: RseClient | undefined, objects: Iterable<ObjectRef>): void {
    if (client !== this.client) {
      this.client = client;
      this.cards.clear();
      this.asked.clear();
    }
    if (!client) return;
    for (const object of objects) {
      const key = objectKey(object);
      if (this.asked.has(key)) continue;
      this.asked.add(key);
      client.getObject(object).then(
        (card) => {
          this.settle(client, key, card);
        },
        () => {
          this.settle(client, key, null);
        },
      );
    }
  }

  /** The card of `object`: `undefined` while loading, `null` when it cannot be shown. */
  get(object: ObjectRef): ObjectCard | null | undefined {
    return this.cards.get(objectKey(object));
  }

  private settle(client: RseClient, key: string, card: ObjectCard | null): void {
    // An answer for a client that was since replaced would show another tenant's card.
    if (client !== this.client) return;
    this.cards.set(key, card);
    this.host.requestUpdate();
  }
}
