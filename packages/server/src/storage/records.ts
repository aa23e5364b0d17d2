/**
 * What the store hands to resolvers: plain objects already shaped like the GraphQL types of
 * `schema.graphql`, so the default field resolvers serve them without N+1 look-ups.
 */

/** A person as stored. */
export interface PersonRecord {
  readonly id: string;
  readonly name: string;
  readonly title: string | null;
  readonly avatarUrl: string | null;
}

/** An ERP object reference as stored, with its canonical key. */
export interface ObjectRecord {
  readonly system: string | null;
  readonly type: string;
  readonly id: string;
  readonly key: string;
}

/** What {@link RseStore.registerObject} takes: a reference plus how the ERP shows it. */
export interface ObjectRegistration {
  readonly system?: string | null;
  readonly type: string;
  readonly id: string;
  /** Human title, e.g. "Sales order 4711 — Boulanger Lyon". */
  readonly title?: string | null;
  /** Deep link into the ERP. */
  readonly url?: string | null;
}

/** A message as stored, with its author, object and (for top-level messages) replies. */
export interface MessageRecord {
  /** Storage position: orders messages and backs cursors. Not part of the protocol. */
  readonly seq: number;
  readonly id: string;
  readonly clientId: string | null;
  readonly object: ObjectRecord;
  readonly author: PersonRecord;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly replyTo: string | null;
  readonly replies: readonly MessageRecord[];
}
