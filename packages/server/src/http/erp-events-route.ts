import type { IncomingMessage, ServerResponse } from 'node:http';
import { RseError } from '@rse/core';
import { parseErpEvent } from '../erp/erp-event-body.js';
import { erpSignatureProblem } from '../erp/erp-signature.js';
import type { LiveEvents } from '../live/live-events.js';
import type { RseStore } from '../storage/rse-store.js';
import { readBody } from './read-body.js';
import { sendJson } from './respond.js';

/** Where ERP back ends post events about their records. */
export const ERP_EVENTS_PATH = '/erp/events';

/** The largest event body accepted: a maximal message plus a full object card, with room to spare. */
export const MAX_ERP_EVENT_BYTES = 64 * 1024;

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

// Strict, as for GraphQL requests: bytes that are not UTF-8 (a Latin-1 export, say) are refused with
// 400 rather than stored with U+FFFD in place of what the ERP meant.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What the route needs from the app. */
export interface ErpEventsRouteOptions {
  /** The shared secret events are signed with. */
  readonly secret: string;
  readonly store: RseStore;
  readonly live: LiveEvents;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, string>;
  readonly headers?: Record<string, string>;
}

/**
 * `POST /erp/events`: an ERP back end reports an event about one of its records, signed with the shared
 * secret. Checks run cheapest first and nothing is parsed before the signature holds: method (405),
 * content type (415), size (413), signature and timestamp (401), UTF-8 and JSON (400), fields, text
 * rules and feeds (422), then the event id (409 for a replay). The first valid delivery answers 201 and goes live at once.
 */
export async function handleErpEvent(req: IncomingMessage, res: ServerResponse, options: ErpEventsRouteOptions): Promise<void> {
  const answer = await erpEventAnswer(req, options);
  sendJson(res, answer.status, answer.body, answer.headers);
}

async function erpEventAnswer(req: IncomingMessage, { secret, store, live }: ErpEventsRouteOptions): Promise<Answer> {
  if (req.method !== 'POST') return { status: 405, body: { error: 'Send ERP events with POST.' }, headers: { Allow: 'POST' } };
  if (!JSON_CONTENT_TYPE.test(req.headers['content-type'] ?? '')) {
    return { status: 415, body: { error: 'Send the event as application/json.' } };
  }
  const read = await readBody(req, MAX_ERP_EVENT_BYTES);
  if ('tooLarge' in read) {
    // The rest of the upload is not read: closing is cheaper than draining it.
    return { status: 413, body: { error: `The event is larger than ${String(MAX_ERP_EVENT_BYTES / 1024)} KiB.` }, headers: { Connection: 'close' } };
  }
  const problem = erpSignatureProblem(
    secret,
    { timestamp: singleHeader(req, 'x-rse-timestamp'), signature: singleHeader(req, 'x-rse-signature') },
    read.body,
    Math.floor(Date.now() / 1000),
  );
  if (problem) return { status: 401, body: { error: problem } };
  let text: string;
  try {
    text = UTF8.decode(read.body);
  } catch {
    return { status: 400, body: { error: 'The body is not valid UTF-8.' } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, body: { error: 'The body is not valid JSON.' } };
  }
  const parsed = parseErpEvent(json);
  if ('problem' in parsed) return { status: 422, body: { error: parsed.problem } };
  let outcome;
  try {
    outcome = store.erpEvents.record(parsed.event);
  } catch (error) {
    if (error instanceof RseError && error.code === 'INVALID_INPUT') return { status: 422, body: { error: error.message } };
    throw error;
  }
  if (outcome.status === 'duplicate') return { status: 409, body: { error: 'duplicate event', messageId: outcome.messageId } };
  live.messagePosted(outcome.message);
  return { status: 201, body: { messageId: outcome.message.id, status: 'created' } };
}

/** A header sent once; a repeated one (which Node joins with commas) is treated as absent. */
function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  return values?.length === 1 ? values[0] : undefined;
}
