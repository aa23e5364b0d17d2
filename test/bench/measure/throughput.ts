/**
 * 5. Server throughput on SQLite with autocannon (10 connections): `postMessage` mutations, each with a
 * fresh client id (so every request stores a message), and newest-page thread reads.
 */
import autocannon from 'autocannon';
import { POST_MESSAGE, THREAD_PAGE, type ObjectInput } from '../lib/graphql.js';
import { count, ms, type Row } from '../lib/report.js';

export interface ThroughputSetup {
  readonly token: string;
  /** The object posted to and read: by the reads it holds thousands of messages, so pages are full. */
  readonly object: ObjectInput;
  readonly connections: number;
  readonly seconds: number;
}

const WARM_UP_SECONDS = 1;

/** A GraphQL response with data and no `errors`: a 200 carrying errors must not count as a success. */
function isGraphQLSuccess(body: string): boolean {
  return body.startsWith('{"data":') && !body.includes('"errors":');
}

/** A request body, the same every time or made anew for each request. */
type Body = string | (() => string);

async function load(url: string, token: string, body: Body, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    ...(typeof body === 'string'
      ? { body }
      : // autocannon sets Content-Length from what setupRequest returns. (Its own `idReplacement` assumes
        // 27-character ids, which its url-safe ids are not, and hangs on the wrong Content-Length.)
        { requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }] }),
    verifyBody: isGraphQLSuccess,
    timeout: 10,
  });
}

function row(label: string, result: autocannon.Result): Row {
  const failed = result.errors + result.timeouts + result.non2xx + result.mismatches;
  console.log(
    `  ${label}: ${count(result.requests.average)} req/s over ${String(result.duration)} s (${count(result.requests.total)} requests), latency p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}, failed ${String(failed)}`,
  );
  return {
    measurement: label,
    result: `${count(result.requests.average)} req/s`,
    baseline: '',
    ratio: '',
    target: '',
    verdict: failed > 0 ? 'fail' : 'info',
    note:
      failed > 0
        ? `${String(result.errors)} errors, ${String(result.timeouts)} timeouts, ${String(result.non2xx)} non-2xx, ${String(result.mismatches)} GraphQL errors`
        : `latency p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}`,
  };
}

export async function measureThroughput(baseUrl: string, setup: ThroughputSetup): Promise<Row[]> {
  const url = `${baseUrl}/graphql`;
  // A fresh client id per request: each post stores a message, none is an idempotent retry.
  let sequence = 0;
  const post = () => {
    const n = String(++sequence);
    return JSON.stringify({
      query: POST_MESSAGE,
      variables: { input: { object: setup.object, text: `Throughput check ${n}: stock confirmed #bench`, clientId: `bench-load-${n}` } },
    });
  };
  const read = JSON.stringify({ query: THREAD_PAGE, variables: { object: setup.object, limit: 30 } });
  const c = String(setup.connections);
  await load(url, setup.token, post, setup.connections, WARM_UP_SECONDS);
  const posts = await load(url, setup.token, post, setup.connections, setup.seconds);
  await load(url, setup.token, read, setup.connections, WARM_UP_SECONDS);
  const reads = await load(url, setup.token, read, setup.connections, setup.seconds);
  return [row(`postMessage, ${c} connections (SQLite)`, posts), row(`Thread page reads (30 messages), ${c} connections`, reads)];
}
