import { messageTextProblem, type AlertSeverity } from '@rse/core';
import { objectRegistrationProblem } from '../storage/object-store.js';
import type { ErpEvent } from '../storage/erp-event-store.js';
import type { ObjectRegistration } from '../storage/records.js';

/** The longest event id accepted. */
export const MAX_EVENT_ID_LENGTH = 200;
/** The most feeds one alert may name. */
export const MAX_ALERT_FEEDS = 20;

const SEVERITIES: ReadonlySet<string> = new Set<AlertSeverity>(['info', 'warning', 'critical']);

/** A parsed body, or why it is refused (answered 422). */
export type ErpEventParse = { readonly event: ErpEvent } | { readonly problem: string };

/**
 * Checks the shape of a `POST /erp/events` body (already parsed from JSON):
 * `{ id, object: { system?, type, id, title?, url?, fields? }, text, alert?: { severity, feeds } }`.
 * Unknown members are ignored, so ERP back ends may send more than this server reads.
 */
export function parseErpEvent(body: unknown): ErpEventParse {
  if (!isRecord(body)) return { problem: 'The body must be a JSON object.' };
  const { id, object, text, alert } = body;
  if (typeof id !== 'string' || id === '' || id.length > MAX_EVENT_ID_LENGTH) {
    return { problem: `"id" must be a string of 1 to ${String(MAX_EVENT_ID_LENGTH)} characters.` };
  }
  if (!isRecord(object)) return { problem: '"object" must be an object: { system, type, id, title?, url?, fields? }.' };
  const registration = object as unknown as ObjectRegistration;
  const objectProblem = objectRegistrationProblem(registration);
  if (objectProblem) return { problem: objectProblem };
  const textProblem = messageTextProblem(text);
  if (textProblem !== null || typeof text !== 'string') return { problem: `"text": ${textProblem ?? 'must be a string.'}` };
  if (alert === undefined || alert === null) return { event: { id, object: pickObject(registration), text, alert: null } };
  if (!isRecord(alert)) return { problem: '"alert" must be an object: { severity, feeds }.' };
  const { severity, feeds } = alert;
  if (typeof severity !== 'string' || !SEVERITIES.has(severity)) return { problem: '"alert.severity" must be "info", "warning" or "critical".' };
  if (
    !Array.isArray(feeds) ||
    feeds.length === 0 ||
    feeds.length > MAX_ALERT_FEEDS ||
    !feeds.every((feed): feed is string => typeof feed === 'string' && feed !== '')
  ) {
    return { problem: `"alert.feeds" must list 1 to ${String(MAX_ALERT_FEEDS)} feed ids, such as "sales-floor".` };
  }
  return { event: { id, object: pickObject(registration), text, alert: { severity: severity as AlertSeverity, feedIds: feeds } } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only the members the store reads, whatever else the ERP sent. */
function pickObject(object: ObjectRegistration): ObjectRegistration {
  return { system: object.system ?? null, type: object.type, id: object.id, title: object.title, url: object.url, fields: object.fields };
}
