import { randomBytes } from 'node:crypto';
import type { RseStore } from '../storage/rse-store.js';

/** The settings row holding the dev-mode HS256 secret. */
const DEV_SECRET_SETTING = 'dev_jwt_secret';

/**
 * The dev-mode HS256 secret: generated once and kept in the database, so dev tokens survive a restart
 * on the same file. Only {@link resolveTokenKeys} calls this, and only in dev mode: a server started
 * without `--dev` on the same file never reads the row, so dev tokens are worthless there.
 */
export function devSecret(store: RseStore): Uint8Array {
  const stored = store.settingOrInsert(DEV_SECRET_SETTING, randomBytes(32).toString('base64url'));
  return new Uint8Array(Buffer.from(stored, 'base64url'));
}

/** Whether the database was once used in dev mode (its dev secret is ignored outside dev mode). */
export function hasDevSecret(store: RseStore): boolean {
  return store.setting(DEV_SECRET_SETTING) !== undefined;
}
