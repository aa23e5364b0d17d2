/* global window, document, location */
// The harness page of test/xss: the real RSE elements from the built CDN bundle, nothing else. What it
// shows comes from `?cfg=<JSON>`:
//   { as: 'jonas',                                   the person whose dev token the page signs in with
//     threads: [{ system, type, id, title }],        one <rse-object-thread> each
//     feed: { feedId, objectType } | null,           one <rse-feed>
//     share: { system, type, id, title } | null,     one <rse-share-button>
//     badges: [{ system, type, id, title }] }        one <rse-object-badge> each
// It creates elements with createElement and setAttribute only, so it runs under the strict CSP with
// Trusted Types enforced, and exposes the bundle as window.__rseBundle for the probe's expected texts.

const cfg = JSON.parse(new URLSearchParams(location.search).get('cfg') ?? '{}');

/** Every CSP violation this page sees, from its own listener (the probe keeps its own list too). */
const violations = [];
document.addEventListener(
  'securitypolicyviolation',
  (event) => {
    violations.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI, sample: event.sample });
  },
  true,
);
Object.defineProperty(window, '__pageCspViolations', { value: violations });

function element(tag, attributes) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) el.setAttribute(name, value);
  }
  return el;
}

function slot(label, child) {
  const section = element('section', { class: 'slot', 'aria-label': label });
  section.append(child);
  document.getElementById('root').append(section);
}

const objectAttributes = (object) => ({
  system: object.system,
  'object-type': object.type,
  'object-id': object.id,
  'object-title': object.title,
});

async function main() {
  const response = await fetch(`/dev/token?person=${encodeURIComponent(cfg.as ?? 'jonas')}`);
  if (!response.ok) throw new Error(`GET /dev/token answered ${String(response.status)}`);
  const { token } = await response.json();
  const rse = await import('/rse/rse.js');
  Object.defineProperty(window, '__rseBundle', { value: rse });
  rse.configure({ adapter: rse.createGraphQLAdapter({ url: new URL('/graphql', location.href).href, token }) });

  for (const object of cfg.threads ?? []) slot(`Thread ${object.id}`, element('rse-object-thread', objectAttributes(object)));
  if (cfg.feed) slot('Feed', element('rse-feed', { 'feed-id': cfg.feed.feedId, 'object-type': cfg.feed.objectType }));
  if (cfg.share) {
    const button = element('rse-share-button', objectAttributes(cfg.share));
    slot('Share', button);
  }
  for (const object of cfg.badges ?? []) slot(`Badge ${object.id}`, element('rse-object-badge', objectAttributes(object)));
  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  document.documentElement.dataset.error = String(error && error.message ? error.message : error);
});
