/** Node-side calls to the bench server: dev tokens and plain GraphQL over `fetch`. */

/** An ERP object as the protocol's `ObjectInput` takes it. */
export interface ObjectInput {
  readonly system: string | null;
  readonly type: string;
  readonly id: string;
}

const REQUEST_TIMEOUT_MS = 15_000;

/** A dev-mode bearer token for `person` (`GET /dev/token?person=…`). */
export async function devToken(baseUrl: string, person: string): Promise<string> {
  const response = await fetch(`${baseUrl}/dev/token?person=${encodeURIComponent(person)}`, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`GET /dev/token?person=${person}: HTTP ${String(response.status)}`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('GET /dev/token answered without a token');
  return body.token;
}

/** Runs one GraphQL operation and returns its `data`; any GraphQL error throws. */
export async function graphql<T>(baseUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let body: { data?: T | null; errors?: { message: string }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`POST /graphql: HTTP ${String(response.status)}, not JSON: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length) throw new Error(`POST /graphql: ${body.errors.map((e) => e.message).join('; ')}`);
  if (!response.ok || body.data == null) throw new Error(`POST /graphql: HTTP ${String(response.status)} without data`);
  return body.data;
}

/** The mutation every post of the bench uses: the smallest selection, so the figures measure the server. */
export const POST_MESSAGE = `mutation BenchPost($input: PostMessageInput!) { postMessage(input: $input) { id } }`;

/** A newest-page read with the fields the elements ask for (see the adapter's `THREAD_QUERY`). */
export const THREAD_PAGE = `query BenchThread($object: ObjectInput!, $limit: Int) {
  thread(object: $object, limit: $limit) {
    items { id clientId text createdAt editedAt replyTo object { system type id key } author { id name title avatarUrl }
      replies { id clientId text createdAt replyTo author { id name title avatarUrl } } }
    nextCursor
  }
}`;

/** Posts `text` on `object` as the token's person; resolves with the new message's id. */
export async function postMessage(baseUrl: string, token: string, object: ObjectInput, text: string, clientId: string): Promise<string> {
  const data = await graphql<{ postMessage: { id: string } }>(baseUrl, token, POST_MESSAGE, {
    input: { object, text, clientId },
  });
  return data.postMessage.id;
}
