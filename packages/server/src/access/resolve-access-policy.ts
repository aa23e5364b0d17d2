import type { ObjectRef } from '@rse/core';
import type { RseLogger } from '../logger.js';
import type { RseStore } from '../storage/rse-store.js';
import { MAX_OBJECTS_PER_CALL } from '../storage/object-store.js';
import { OPEN_ACCESS, type AccessPolicy } from './access-policy.js';
import { HttpAccessPolicy } from './http-access-policy.js';
import { RulesAccessPolicy, type ObjectFieldsLookup } from './rules-access-policy.js';
import { fromEnvironment } from '../auth/token-settings.js';

/** The environment variable naming the ERP's access endpoint. */
export const ACCESS_URL_ENV = 'RSE_ACCESS_URL';
/** The environment variable naming the access rules file. */
export const ACCESS_RULES_ENV = 'RSE_ACCESS_RULES';

/** The access settings of {@link RseAppOptions}. */
export interface AccessSettings {
  readonly dev: boolean;
  /** A policy object of the host's own; excludes the other sources. */
  readonly accessPolicy?: AccessPolicy | undefined;
  /** The ERP's access endpoint, for {@link HttpAccessPolicy}; else env `RSE_ACCESS_URL`. */
  readonly accessUrl?: string | undefined;
  readonly accessTimeoutMs?: number | undefined;
  readonly accessCacheTtlMs?: number | undefined;
  /** A rules file, for {@link RulesAccessPolicy}; else env `RSE_ACCESS_RULES`. */
  readonly accessRules?: string | undefined;
  /** Outside dev mode, lets everyone open every object; must be asked for explicitly. */
  readonly openAccess?: boolean | undefined;
  /** Signs access calls to the ERP (the ERP events secret). */
  readonly erpSecret: string | null;
  readonly store: RseStore;
  readonly logger: RseLogger;
}

/**
 * The one access policy of a server: the host's own object, the ERP's HTTP endpoint, a rules file, or
 * open access — exactly one. Open access is the default in dev mode only; outside dev mode a server
 * with no policy refuses to start unless open access is asked for, since "everyone sees everything" must
 * never happen by omission. Throws a `TypeError` for a missing, conflicting or invalid configuration.
 */
export function resolveAccessPolicy(settings: AccessSettings): AccessPolicy {
  const accessUrl = settings.accessUrl ?? fromEnvironment(ACCESS_URL_ENV);
  const accessRules = settings.accessRules ?? fromEnvironment(ACCESS_RULES_ENV);
  const configured = [
    settings.accessPolicy && 'accessPolicy',
    accessUrl !== undefined && 'an access URL',
    accessRules !== undefined && 'an access rules file',
    settings.openAccess === true && 'open access',
  ].filter((name): name is string => typeof name === 'string');
  if (configured.length > 1) throw new TypeError(`Configure one access policy, not ${configured.join(' and ')}.`);
  if (settings.accessPolicy) return settings.accessPolicy;
  if (accessUrl !== undefined) {
    return new HttpAccessPolicy({
      url: accessUrl,
      timeoutMs: settings.accessTimeoutMs,
      cacheTtlMs: settings.accessCacheTtlMs,
      signingSecret: settings.erpSecret,
      logger: settings.logger,
    });
  }
  if (accessRules !== undefined) {
    return new RulesAccessPolicy({ file: accessRules, fieldsOf: storedFields(settings.store), logger: settings.logger });
  }
  if (settings.openAccess === true) {
    if (!settings.dev) settings.logger.warn('Open access: every person may open every object. Use an access URL or rules in production.');
    return OPEN_ACCESS;
  }
  if (settings.dev) return OPEN_ACCESS;
  throw new TypeError(
    `No access policy: set an ERP access URL (--access-url, ${ACCESS_URL_ENV}) or a rules file (--access-rules, ${ACCESS_RULES_ENV}), or pass --open-access to let everyone open everything.`,
  );
}

/** Card fields from the server's database, for rules with `where` conditions. */
function storedFields(store: RseStore): ObjectFieldsLookup {
  return (objects: readonly ObjectRef[]) => {
    const fields = [];
    for (let start = 0; start < objects.length; start += MAX_OBJECTS_PER_CALL) {
      fields.push(...store.objects.cards(objects.slice(start, start + MAX_OBJECTS_PER_CALL)).map((card) => card?.fields ?? null));
    }
    return fields;
  };
}
