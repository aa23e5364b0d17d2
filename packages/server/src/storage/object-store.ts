import { RseError, objectKey, type ObjectField, type ObjectRef } from '@rse/core';
import type { SqliteDatabase } from './database.js';
import { hasUnstorableCharacter } from './message-rules.js';
import type { ObjectCardRecord, ObjectRecord, ObjectRegistration } from './records.js';

/** The most objects one `objects` or `counts` call may name (a screen of badges fits many times over). */
export const MAX_OBJECTS_PER_CALL = 1000;

/** Limits on what an object card may carry, so one ERP record cannot bloat every page that shows it. */
export const OBJECT_LIMITS = {
  part: 200,
  title: 500,
  url: 2000,
  fields: 50,
  label: 100,
  value: 1000,
} as const;

interface ObjectRow {
  key: string;
  system: string | null;
  type: string;
  id: string;
  title: string | null;
  url: string | null;
  fields: string;
}

interface UpsertParams {
  key: string;
  system: string | null;
  type: string;
  id: string;
  title: string | null;
  url: string | null;
  /** JSON, or `null` when the caller said nothing about fields. */
  fields: string | null;
}

/** The ERP objects the network knows: their references and what their cards show. */
export class ObjectStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      exists: db.prepare<[string], { key: string }>('SELECT key FROM objects WHERE key = ?'),
      replace: db.prepare<UpsertParams>(
        `INSERT INTO objects (key, system, type, id, title, url, fields)
         VALUES (@key, @system, @type, @id, @title, @url, coalesce(@fields, '[]'))
         ON CONFLICT (key) DO UPDATE SET title = excluded.title, url = excluded.url, fields = excluded.fields`,
      ),
      // An ERP event updates only what it carries: an event that omits the title keeps the stored one.
      merge: db.prepare<UpsertParams>(
        `INSERT INTO objects (key, system, type, id, title, url, fields)
         VALUES (@key, @system, @type, @id, @title, @url, coalesce(@fields, '[]'))
         ON CONFLICT (key) DO UPDATE SET
           title = coalesce(@title, objects.title),
           url = coalesce(@url, objects.url),
           fields = coalesce(@fields, objects.fields)`,
      ),
      // One query for a whole batch: the keys travel as one JSON array.
      cards: db.prepare<[string], ObjectRow>(
        `SELECT o.key, o.system, o.type, o.id, o.title, o.url, o.fields
         FROM objects o WHERE o.key IN (SELECT value FROM json_each(?))`,
      ),
    };
  }

  /** Makes an ERP object known, or replaces its title, link and fields. Throws a `TypeError` when invalid. */
  register(object: ObjectRegistration): void {
    this.statements.replace.run(upsertParams(object));
  }

  /** Makes an ERP object known, or updates the parts of its card that `object` carries. */
  merge(object: ObjectRegistration): void {
    this.statements.merge.run(upsertParams(object));
  }

  /** The key of a known object; `NOT_FOUND` otherwise (unknown and invisible answer alike). */
  require(object: ObjectRef): string {
    const key = this.known(object);
    if (key === undefined) throw noSuchObject();
    return key;
  }

  /** The key of a known object, or `undefined`. */
  known(object: ObjectRef): string | undefined {
    const key = objectKey(object);
    return this.statements.exists.get(key) ? key : undefined;
  }

  /** Cards of several objects in the order asked, `null` for unknown ones. */
  cards(objects: readonly ObjectRef[]): (ObjectCardRecord | null)[] {
    const keys = batchKeys(objects);
    const byKey = new Map<string, ObjectCardRecord>();
    for (const row of this.statements.cards.all(JSON.stringify([...new Set(keys)]))) byKey.set(row.key, toCard(row));
    return keys.map((key) => byKey.get(key) ?? null);
  }
}

/**
 * The one answer for an object that does not exist or that the viewer may not open: same code, same
 * message, same shape, so existence never leaks.
 */
export function noSuchObject(): RseError {
  return new RseError('NOT_FOUND', 'No such object.');
}

/** The keys of a batch of objects, in order; `INVALID_INPUT` past {@link MAX_OBJECTS_PER_CALL}. */
export function batchKeys(objects: readonly ObjectRef[]): string[] {
  if (objects.length > MAX_OBJECTS_PER_CALL) {
    throw new RseError('INVALID_INPUT', `At most ${String(MAX_OBJECTS_PER_CALL)} objects per call.`);
  }
  return objects.map(objectKey);
}

/** An object reference as stored, from its parts. */
export function objectRecord(object: ObjectRef): ObjectRecord {
  return { system: object.system ?? null, type: object.type, id: object.id, key: objectKey(object) };
}

/**
 * What is wrong with an object registration, or `null`. Shared by `registerObject` and ERP events: a
 * card is shown on every page that names the object, so its size is bounded and its link must be one a
 * browser can follow safely (relative, or absolute `http:`/`https:` — never `javascript:`).
 */
export function objectRegistrationProblem(object: ObjectRegistration): string | null {
  for (const [name, part] of [['system', object.system ?? 'ERP'], ['type', object.type], ['id', object.id]] as const) {
    if (typeof part !== 'string' || part === '' || part.length > OBJECT_LIMITS.part) {
      return `The object ${name} must be a string of 1 to ${String(OBJECT_LIMITS.part)} characters.`;
    }
  }
  if (!optionalString(object.title, OBJECT_LIMITS.title)) return `The object title must be a string of at most ${String(OBJECT_LIMITS.title)} characters.`;
  if (!optionalString(object.url, OBJECT_LIMITS.url) || (typeof object.url === 'string' && !isSafeUrl(object.url))) {
    return 'The object url must be relative or an absolute http(s) URL.';
  }
  const fields: unknown = object.fields;
  const strings = [object.system, object.type, object.id, object.title, object.url];
  if (fields != null) {
    if (!Array.isArray(fields) || fields.length > OBJECT_LIMITS.fields) {
      return `The object fields must be a list of at most ${String(OBJECT_LIMITS.fields)} entries.`;
    }
    for (const field of fields as unknown[]) {
      const { label, value } = (typeof field === 'object' && field !== null ? field : {}) as Partial<Record<string, unknown>>;
      if (typeof label !== 'string' || label === '' || label.length > OBJECT_LIMITS.label || typeof value !== 'string' || value.length > OBJECT_LIMITS.value) {
        return `Each object field needs a label (1 to ${String(OBJECT_LIMITS.label)} characters) and a string value (at most ${String(OBJECT_LIMITS.value)}).`;
      }
      strings.push(label, value);
    }
  }
  // Cards are stored and shown as given: a value storage could not keep exactly is refused, not rewritten.
  if (strings.some((value) => typeof value === 'string' && hasUnstorableCharacter(value))) {
    return 'The object contains a NUL character or a lone surrogate.';
  }
  return null;
}

function upsertParams(object: ObjectRegistration): UpsertParams {
  const problem = objectRegistrationProblem(object);
  if (problem) throw new TypeError(problem);
  // Only label and value are kept, whatever else the caller's field objects carry.
  const fields = object.fields == null ? null : JSON.stringify(object.fields.map(({ label, value }) => ({ label, value })));
  return {
    key: objectKey(object),
    system: object.system ?? null,
    type: object.type,
    id: object.id,
    title: object.title ?? null,
    url: object.url ?? null,
    fields,
  };
}

function optionalString(value: unknown, max: number): boolean {
  return value == null || (typeof value === 'string' && value.length <= max);
}

function isSafeUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url, 'https://erp.invalid/');
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function toCard(row: ObjectRow): ObjectCardRecord {
  return {
    object: { system: row.system, type: row.type, id: row.id, key: row.key },
    title: row.title,
    url: row.url,
    fields: JSON.parse(row.fields) as ObjectField[],
  };
}
