import type { ObjectRef } from '@rse/core';

/**
 * Who may open which ERP record — "may this person read and post on this object?" — as the ERP decides.
 * The server asks on every read, every write, every count, every card and every live delivery; it never
 * trusts the browser about access. Implementations answer for objects that may not exist in the RSE
 * database (the server asks before it looks, so that "forbidden" and "unknown" take the same time).
 *
 * An implementation should fail closed: when it cannot tell (the ERP is down, its answer is garbage),
 * it answers `false`. A rejected promise is taken as `false` too, and logged.
 */
export interface AccessPolicy {
  /** Whether `personId` may open `object`. */
  canOpen(personId: string, object: ObjectRef): Promise<boolean>;
  /**
   * Whether `personId` may open each of `objects`, in the same order: feed pages, counts and cards ask
   * about many objects at once, and a remote policy answers them in one round trip. Optional: without
   * it the server calls {@link canOpen} for each object.
   */
  canOpenMany?(personId: string, objects: readonly ObjectRef[]): Promise<boolean[]>;
  /** Frees timers and connections when the server closes. */
  close?(): void;
}

/**
 * Everyone may open every object the server knows: dev mode's default, and what `--open-access` asks
 * for explicitly outside dev mode. Unknown objects still answer `NOT_FOUND`.
 */
export const OPEN_ACCESS: AccessPolicy = {
  canOpen: () => Promise.resolve(true),
  canOpenMany: (_personId, objects) => Promise.resolve(objects.map(() => true)),
};
