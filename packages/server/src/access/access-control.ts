import { RseError, type ObjectRef } from '@rse/core';
import type { RseLogger } from '../logger.js';
import { noSuchObject } from '../storage/object-store.js';
import type { RseStore } from '../storage/rse-store.js';
import type { AccessPolicy } from './access-policy.js';

/** The most people one `checkAccess` call may ask about (a message mentions a handful). */
export const MAX_ACCESS_CHECKS = 100;

/**
 * The server's single door to the {@link AccessPolicy}: every resolver and every live stream asks here.
 * It makes the policy fail closed (a rejection or a malformed answer is "no", and logged) and makes an
 * object the viewer may not open indistinguishable from one that does not exist: the policy is asked
 * before existence is looked up, whatever the object, so both cost the same, and both end in the same
 * {@link noSuchObject} error.
 */
export class AccessControl {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly store: RseStore,
    private readonly logger: RseLogger,
  ) {}

  /** The key of an object `viewerId` may open; `NOT_FOUND` when it is unknown or forbidden, alike. */
  async requireObject(viewerId: string, object: ObjectRef): Promise<string> {
    const allowed = await this.canOpen(viewerId, object);
    const key = this.store.objects.known(object);
    if (!allowed || key === undefined) throw noSuchObject();
    return key;
  }

  /** Whether `personId` may open `object` (which may not exist); `false` when the policy fails. */
  async canOpen(personId: string, object: ObjectRef): Promise<boolean> {
    try {
      // Read as unknown: a host's JavaScript policy may answer 1 or "yes"; only `true` opens anything.
      const verdict: unknown = await this.policy.canOpen(personId, object);
      return verdict === true;
    } catch (error) {
      this.logger.error('The access policy failed; access refused.', error);
      return false;
    }
  }

  /** {@link canOpen} for several objects, in order, in one policy call when the policy batches. */
  async canOpenEach(personId: string, objects: readonly ObjectRef[]): Promise<boolean[]> {
    if (objects.length === 0) return [];
    if (!this.policy.canOpenMany) return Promise.all(objects.map((object) => this.canOpen(personId, object)));
    try {
      const verdicts: unknown = await this.policy.canOpenMany(personId, objects);
      if (Array.isArray(verdicts) && verdicts.length === objects.length) return verdicts.map((verdict: unknown) => verdict === true);
      this.logger.error(`The access policy did not answer one verdict per object (${String(objects.length)} asked); access refused.`);
    } catch (error) {
      this.logger.error('The access policy failed; access refused.', error);
    }
    return objects.map(() => false);
  }

  /**
   * Which of `personIds` may open `object`, in order, for a viewer who may open it themselves (else
   * `NOT_FOUND`). Unknown people and ERP systems may open nothing.
   */
  async whoCanOpen(viewerId: string, object: ObjectRef, personIds: readonly string[]): Promise<{ personId: string; canOpen: boolean }[]> {
    if (personIds.length > MAX_ACCESS_CHECKS) {
      throw new RseError('INVALID_INPUT', `At most ${String(MAX_ACCESS_CHECKS)} people per access check.`);
    }
    await this.requireObject(viewerId, object);
    return Promise.all(
      personIds.map(async (personId) => {
        // The policy is asked for unknown ids too, so an answer's timing does not tell who exists.
        const allowed = await this.canOpen(personId, object);
        return { personId, canOpen: allowed && this.store.people.person(personId) !== undefined };
      }),
    );
  }
}
