import type { ObjectField, ObjectRef } from '@rse/core';

/**
 * The access rules document (`--access-rules <file>`): an allow-list. A person may open an object when
 * at least one rule names the person and matches the object; nothing else is allowed.
 *
 * ```json
 * { "rules": [
 *   { "people": ["camille", "lucas"], "objects": { "type": "SalesOrder", "where": { "field": "Region", "equals": "Lyon" } } },
 *   { "people": ["jonas"], "objects": { "type": "SalesOrder", "where": { "field": "Region", "in": ["Berlin", "Hamburg"] } } },
 *   { "people": ["amira"], "objects": "*" },
 *   { "people": "*", "objects": [{ "type": "Product" }, { "system": "ERP", "type": "Customer", "id": ["C-1", "C-2"] }] }
 * ] }
 * ```
 *
 * - `people`: `"*"` (everyone) or a list of person ids.
 * - `objects`: `"*"` (every object), one matcher, or a list of matchers (any may match). A matcher's
 *   optional keys all have to hold: `system`, `type` (exact strings), `id` (a string or a list), and
 *   `where`: a condition or a list of conditions, each `{ "field": <card field label>, "equals": <value> }`
 *   or `{ "field": …, "in": [values] }`, compared exactly against the object's stored card fields
 *   (registered by the host or carried by ERP events). An object without that field never matches.
 * - A `"comment"` key (any value) may sit beside `rules` and in each rule, for the people editing the file.
 * - Unknown keys are errors: a typo must not silently widen or narrow access.
 */
export interface AccessRules {
  readonly rules: readonly AccessRule[];
  /** Whether any rule looks at card fields (else the server need not load them). */
  readonly usesFields: boolean;
}

/** One parsed rule. */
export interface AccessRule {
  readonly people: '*' | ReadonlySet<string>;
  readonly objects: '*' | readonly ObjectMatcher[];
}

/** One parsed object matcher. */
export interface ObjectMatcher {
  readonly system?: string;
  readonly type?: string;
  readonly ids?: ReadonlySet<string>;
  readonly where: readonly FieldCondition[];
}

/** One parsed field condition: the field labelled `field` holds one of `values`. */
export interface FieldCondition {
  readonly field: string;
  readonly values: ReadonlySet<string>;
}

/** Whether the rules let `personId` open `object`, whose stored card fields are `fields` (`null`: unknown object). */
export function rulesAllow(rules: AccessRules, personId: string, object: ObjectRef, fields: readonly ObjectField[] | null): boolean {
  return rules.rules.some(
    (rule) =>
      (rule.people === '*' || rule.people.has(personId)) &&
      (rule.objects === '*' || rule.objects.some((matcher) => matches(matcher, object, fields))),
  );
}

function matches(matcher: ObjectMatcher, object: ObjectRef, fields: readonly ObjectField[] | null): boolean {
  if (matcher.system !== undefined && matcher.system !== (object.system ?? null)) return false;
  if (matcher.type !== undefined && matcher.type !== object.type) return false;
  if (matcher.ids !== undefined && !matcher.ids.has(object.id)) return false;
  return matcher.where.every((condition) => fields?.some((field) => field.label === condition.field && condition.values.has(field.value)) === true);
}

/** Parses a rules document. Throws a `TypeError` saying where the document is wrong. */
export function parseAccessRules(json: unknown): AccessRules {
  const root = record(json, 'the document');
  onlyKeys(root, ['rules', 'comment'], 'the document');
  if (!Array.isArray(root.rules)) throw new TypeError('"rules" must be a list.');
  const rules = (root.rules as unknown[]).map((rule, index) => parseRule(rule, `rules[${String(index)}]`));
  return { rules, usesFields: rules.some((rule) => rule.objects !== '*' && rule.objects.some((matcher) => matcher.where.length > 0)) };
}

function parseRule(value: unknown, at: string): AccessRule {
  const rule = record(value, at);
  onlyKeys(rule, ['people', 'objects', 'comment'], at);
  const people = rule.people === '*' ? '*' : new Set(strings(rule.people, `${at}.people`, 'a list of person ids or "*"'));
  if (rule.objects === '*') return { people, objects: '*' };
  const list = Array.isArray(rule.objects) ? (rule.objects as unknown[]) : [rule.objects];
  return { people, objects: list.map((matcher, index) => parseMatcher(matcher, Array.isArray(rule.objects) ? `${at}.objects[${String(index)}]` : `${at}.objects`)) };
}

function parseMatcher(value: unknown, at: string): ObjectMatcher {
  const matcher = record(value, at, '"*", a matcher or a list of matchers');
  onlyKeys(matcher, ['system', 'type', 'id', 'where'], at);
  const where = matcher.where === undefined ? [] : Array.isArray(matcher.where) ? (matcher.where as unknown[]) : [matcher.where];
  return {
    ...(matcher.system === undefined ? {} : { system: text(matcher.system, `${at}.system`) }),
    ...(matcher.type === undefined ? {} : { type: text(matcher.type, `${at}.type`) }),
    ...(matcher.id === undefined
      ? {}
      : { ids: new Set(typeof matcher.id === 'string' ? [matcher.id] : strings(matcher.id, `${at}.id`, 'a string or a list of strings')) }),
    where: where.map((condition, index) => parseCondition(condition, Array.isArray(matcher.where) ? `${at}.where[${String(index)}]` : `${at}.where`)),
  };
}

function parseCondition(value: unknown, at: string): FieldCondition {
  const condition = record(value, at);
  onlyKeys(condition, ['field', 'equals', 'in'], at);
  const field = text(condition.field, `${at}.field`);
  if ((condition.equals === undefined) === (condition.in === undefined)) throw new TypeError(`${at} needs exactly one of "equals" and "in".`);
  const values = condition.equals === undefined ? strings(condition.in, `${at}.in`, 'a list of strings') : [text(condition.equals, `${at}.equals`, true)];
  return { field, values: new Set(values) };
}

function record(value: unknown, at: string, expected = 'an object'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${at} must be ${expected}.`);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], at: string): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new TypeError(`${at} has an unknown key "${unknown}" (allowed: ${allowed.join(', ')}).`);
}

function text(value: unknown, at: string, emptyAllowed = false): string {
  if (typeof value !== 'string' || (!emptyAllowed && value === '')) throw new TypeError(`${at} must be a non-empty string.`);
  return value;
}

function strings(value: unknown, at: string, expected: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new TypeError(`${at} must be ${expected}.`);
  return value;
}
