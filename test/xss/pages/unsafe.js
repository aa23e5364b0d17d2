/* global document, location */
// TEST-ONLY, DELIBERATELY UNSAFE: the negative control of test/xss/xss.test.ts. It reads the same threads
// through the same GraphQL API as the real elements and writes each message's text with raw innerHTML —
// exactly what src/ must never do (lint bans it there). The XSS detector must flag what this page does;
// if it did not, a green xss.test.ts would prove nothing.
//
// ?cfg={ as, threads: [{ system, type, id }] }

const cfg = JSON.parse(new URLSearchParams(location.search).get('cfg') ?? '{}');

const THREAD_QUERY = `query Thread($object: ObjectInput!, $before: String) {
  thread(object: $object, before: $before, limit: 100) { items { text replies { text } } nextCursor }
}`;

async function graphql(token, query, variables) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

async function main() {
  const response = await fetch(`/dev/token?person=${encodeURIComponent(cfg.as ?? 'jonas')}`);
  const { token } = await response.json();
  const texts = [];
  for (const { system, type, id } of cfg.threads ?? []) {
    let before = null;
    do {
      const { thread } = await graphql(token, THREAD_QUERY, { object: { system, type, id }, before });
      for (const message of thread.items) texts.push(message.text, ...message.replies.map((reply) => reply.text));
      before = thread.nextCursor;
    } while (before);
  }
  const root = document.getElementById('root');
  for (const text of texts) {
    const div = document.createElement('div');
    div.className = 'msg';
    // The bug on purpose: message text parsed as HTML.
    div.innerHTML = text;
    root.append(div);
  }
  document.documentElement.dataset.rendered = String(texts.length);
  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  document.documentElement.dataset.error = String(error && error.message ? error.message : error);
});
