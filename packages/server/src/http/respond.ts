import type { ServerResponse } from 'node:http';
import type { RseErrorCode } from '@rse/core';

/** Answers with a JSON body; never cached, since bodies here carry personal data or tokens. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(payload)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(payload);
}

/** Answers a GraphQL request that never reached Yoga, in the protocol's error shape. */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  code: RseErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}

/** The JSON 404 every unknown path gets. */
export function sendNotFound(res: ServerResponse): void {
  sendJson(res, 404, { error: 'Not found.' });
}
