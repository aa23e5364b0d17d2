/* global window, document, location, Element, Document, ShadowRoot, Node, DocumentFragment, HTMLTemplateElement */
// The XSS probe of test/xss: installed with Playwright's addInitScript, so it runs first in every frame
// (iframes a payload might create included) and is exempt from the page's CSP. It is the same for the
// real elements and for the deliberately unsafe renderer: one detector, proven able to fail.
//
// - Hooks alert, prompt, confirm and print: each call lands in `window.__xss` (the sink), in the top
//   frame's sink when reachable, and in the Node side through the `__xssBinding` binding (opaque frames).
// - `__xssProbe.detect(options)` walks the document, every (open) shadow root and template content and
//   reports on* attributes, javascript:/data:/vbscript: URLs, active elements (script, iframe, object,
//   embed, …) and elements inside message containers that no token renders.
// - `__xssProbe.status()`, `expandAll()`, `messageTexts()` and `expectedTexts()` drive and read the
//   RSE elements of the harness page.
//
// Payloads may clobber DOM properties (`<form><input name=attributes>`, `<img name=getElementById>`), so
// the probe keeps its own references to the prototype methods it needs before any page code runs.
(() => {
  if (Object.prototype.hasOwnProperty.call(window, '__xssProbe')) return;

  const call = (fn, self, ...args) => Reflect.apply(fn, self, args);
  const proto = {
    qsa: Element.prototype.querySelectorAll,
    docQsa: Document.prototype.querySelectorAll,
    fragQsa: DocumentFragment.prototype.querySelectorAll,
    names: Element.prototype.getAttributeNames,
    get: Element.prototype.getAttribute,
    shadow: Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot').get,
    localName: Object.getOwnPropertyDescriptor(Element.prototype, 'localName').get,
    classList: Object.getOwnPropertyDescriptor(Element.prototype, 'classList').get,
    content: Object.getOwnPropertyDescriptor(HTMLTemplateElement.prototype, 'content').get,
    childNodes: Object.getOwnPropertyDescriptor(Node.prototype, 'childNodes').get,
    nodeType: Object.getOwnPropertyDescriptor(Node.prototype, 'nodeType').get,
    textContent: Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').get,
    closest: Element.prototype.closest,
    matches: Element.prototype.matches,
    isConnected: Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected').get,
  };
  const push = Array.prototype.push;
  const stringify = (value) => {
    try {
      return typeof value === 'string' ? value : String(value);
    } catch {
      return '[unprintable]';
    }
  };

  /** The sink: every hooked call in this frame. */
  const sink = [];
  Object.defineProperty(window, '__xss', { value: sink, writable: false, configurable: false });

  const record = (kind, args) => {
    const entry = { kind, args: Array.from(args, stringify).join(', ').slice(0, 200), frame: stringify(location.href).slice(0, 120) };
    call(push, sink, entry);
    if (window.top === window) return;
    // A child frame reports to the top frame's sink, or, when it cannot reach it (an opaque data: or
    // sandboxed frame), through the binding: each call is counted once.
    try {
      call(push, window.top.__xss, entry);
      return;
    } catch {
      // Cross-origin: the binding below reaches the test.
    }
    try {
      if (typeof window.__xssBinding === 'function') void window.__xssBinding(entry);
    } catch {
      // No binding in this context either: the frame's own sink keeps it.
    }
  };

  for (const name of ['alert', 'prompt', 'confirm', 'print']) {
    const hook = function () {
      record(name, arguments);
      return name === 'prompt' ? null : name === 'confirm' ? false : undefined;
    };
    Object.defineProperty(window, name, { value: hook, writable: false, configurable: false });
  }

  /** Elements of the page itself (its static HTML), which no message can have created. */
  let baseline = new WeakSet();
  const snapshotBaseline = () => {
    baseline = new WeakSet(Array.from(call(proto.docQsa, document, '*')));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', snapshotBaseline, { once: true, capture: true });
  else snapshotBaseline();

  /** Content Security Policy violations seen by this frame (the CSP suite reads them). */
  const cspViolations = [];
  const onViolation = (event) => {
    call(push, cspViolations, {
      directive: event.effectiveDirective || event.violatedDirective,
      blockedURI: event.blockedURI,
      sample: event.sample,
      source: event.sourceFile ? `${event.sourceFile}:${String(event.lineNumber)}` : '',
      disposition: event.disposition,
    });
  };
  // Capturing at the window sees violations of the document and of every shadow root (the event is composed).
  window.addEventListener('securitypolicyviolation', onViolation, true);

  /** Every element of `root`, then of each shadow root and template content inside, depth first. */
  const allElements = (root) => {
    const out = [];
    const roots = [root];
    while (roots.length > 0) {
      const current = roots.pop();
      const qsa = current instanceof Document ? proto.docQsa : current instanceof DocumentFragment ? proto.fragQsa : proto.qsa;
      for (const el of Array.from(call(qsa, current, '*'))) {
        out.push(el);
        const shadow = call(proto.shadow, el);
        if (shadow) roots.push(shadow);
        if (el instanceof HTMLTemplateElement) roots.push(call(proto.content, el));
      }
    }
    return out;
  };

  /** Attributes that take a URL (or, for SVG animation, a value that becomes one). */
  const URL_ATTRIBUTES = new Set([
    'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase', 'cite',
    'dynsrc', 'lowsrc', 'ping', 'longdesc', 'usemap', 'manifest', 'icon', 'profile', 'classid', 'archive',
    'srcset', 'imagesrcset', 'to', 'values', 'from', 'by', 'content',
  ]);
  const DANGEROUS_SCHEME = /^(?:javascript|data|vbscript|livescript):/;
  // What the URL parser ignores (leading C0 controls and spaces, tabs and newlines anywhere), plus every
  // other white space or invisible character, so `\u0001 java\tscript:` counts as `javascript:`.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped here
  const IGNORED = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
  const dangerousUrl = (name, value) => {
    const normalized = value.replace(IGNORED, '').toLowerCase();
    if (name === 'srcset' || name === 'imagesrcset' || name === 'values') return normalized.split(/[,;]/).some((part) => DANGEROUS_SCHEME.test(part));
    // `<meta http-equiv=refresh content="0;url=javascript:…">`.
    if (name === 'content') return /url=(?:javascript|data|vbscript):/.test(normalized);
    return DANGEROUS_SCHEME.test(normalized);
  };
  const DANGEROUS_STYLE = /expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:/i;
  /** Elements that run code, load documents or change how the page resolves and refreshes. */
  const ACTIVE = new Set([
    'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'portal', 'link',
    'style', 'animate', 'set', 'animatemotion', 'animatetransform', 'handler', 'foreignobject', 'math', 'noscript',
    'xmp', 'plaintext', 'listing', 'noembed', 'noframes', 'isindex', 'keygen', 'template',
  ]);

  const describe = (el) => {
    const name = call(proto.localName, el);
    const host = (() => {
      let node = el;
      while (node && node.parentNode) node = node.parentNode;
      return node instanceof ShadowRoot ? call(proto.localName, node.host) : 'document';
    })();
    return `${host} > ${name}`;
  };

  /**
   * What the detector finds. `containers` are selectors of the elements that hold message text
   * (`.message__text`, `.item__text`, `.msg`, …) and `allowed` the elements tokens render there.
   */
  const detect = (options = {}) => {
    const containers = options.containers ?? [];
    const allowed = new Set(options.allowed ?? []);
    const report = { hooked: Array.from(sink), onAttributes: [], dangerousUrls: [], dangerousStyles: [], activeElements: [], unexpectedInMessages: [], scanned: 0 };
    for (const el of allElements(document)) {
      if (baseline.has(el)) continue;
      report.scanned += 1;
      const where = describe(el);
      const name = call(proto.localName, el);
      for (const attribute of call(proto.names, el)) {
        const value = stringify(call(proto.get, el, attribute));
        const lower = attribute.toLowerCase();
        if (lower.startsWith('on')) report.onAttributes.push(`${where}[${attribute}=${value.slice(0, 80)}]`);
        if (URL_ATTRIBUTES.has(lower) && dangerousUrl(lower, value)) report.dangerousUrls.push(`${where}[${attribute}=${value.slice(0, 80)}]`);
        if (lower === 'style' && DANGEROUS_STYLE.test(value)) report.dangerousStyles.push(`${where}[style=${value.slice(0, 80)}]`);
      }
      if (name === 'style' && DANGEROUS_STYLE.test(stringify(call(proto.textContent, el)))) report.dangerousStyles.push(`${where}{${stringify(call(proto.textContent, el)).slice(0, 80)}}`);
      if (ACTIVE.has(name)) report.activeElements.push(where);
      if (containers.length > 0 && !allowed.has(name)) {
        const inside = containers.some((selector) => {
          const box = call(proto.closest, el, selector);
          return box !== null && box !== el;
        });
        if (inside) report.unexpectedInMessages.push(where);
      }
    }
    return report;
  };

  /** The text a reader sees in a message container: visually hidden hints left out, line breaks as nothing. */
  const visibleText = (node) => {
    let out = '';
    for (const child of Array.from(call(proto.childNodes, node))) {
      const type = call(proto.nodeType, child);
      if (type === Node.TEXT_NODE) out += child.data;
      else if (type === Node.ELEMENT_NODE && !call(proto.classList, child).contains('visually-hidden')) out += visibleText(child);
    }
    return out;
  };

  const shadowOf = (el) => call(proto.shadow, el);
  const hosts = (tag) => Array.from(call(proto.docQsa, document, tag));

  /** Where each RSE element of the page stands: loading, how many messages it shows, older pages left. */
  const status = () => {
    const state = (el, listSelector, textSelector, olderSelector, stateSelector) => {
      const root = shadowOf(el);
      if (!root) return { upgraded: false };
      const older = root.querySelector(olderSelector);
      const stateEl = root.querySelector(stateSelector);
      return {
        upgraded: true,
        list: root.querySelector(listSelector) !== null,
        texts: root.querySelectorAll(textSelector).length,
        older: older === null ? 'none' : older.disabled ? 'loading' : 'more',
        state: stateEl ? stateEl.textContent.trim().slice(0, 120) : null,
        busy: root.querySelector('[aria-busy="true"]') !== null,
      };
    };
    return {
      threads: hosts('rse-object-thread').map((el) => ({ id: el.getAttribute('object-id'), ...state(el, 'ol.messages', '.message__text', '.thread__older', '.thread__state') })),
      feeds: hosts('rse-feed').map((el) => ({ type: el.getAttribute('object-type'), ...state(el, '.feed__list', '.item__text', '.feed__older', '.feed__state') })),
    };
  };

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Clicks every "Show older" of every thread and feed until none is left (or `timeoutMs` passes). */
  const expandAll = async (timeoutMs = 20000) => {
    const deadline = Date.now() + timeoutMs;
    let clicks = 0;
    for (;;) {
      const buttons = [
        ...hosts('rse-object-thread').map((el) => shadowOf(el)?.querySelector('.thread__older')),
        ...hosts('rse-feed').map((el) => shadowOf(el)?.querySelector('.feed__older')),
      ].filter((button) => button);
      if (buttons.length === 0) return { clicks, done: true };
      if (Date.now() > deadline) return { clicks, done: false };
      for (const button of buttons) {
        if (!button.disabled) {
          button.click();
          clicks += 1;
        }
      }
      await sleep(60);
    }
  };

  /** The visible text of every message each element shows. */
  const messageTexts = () => ({
    threads: hosts('rse-object-thread').map((el) => ({
      id: el.getAttribute('object-id'),
      texts: Array.from(shadowOf(el)?.querySelectorAll('.message__text') ?? [], visibleText),
    })),
    feeds: hosts('rse-feed').map((el) => ({
      type: el.getAttribute('object-type'),
      texts: Array.from(shadowOf(el)?.querySelectorAll('.item__text') ?? [], visibleText),
      cards: Array.from(shadowOf(el)?.querySelectorAll('.card__title') ?? [], visibleText),
      fields: Array.from(shadowOf(el)?.querySelectorAll('.card__fields dt, .card__fields dd') ?? [], visibleText),
    })),
    unsafe: Array.from(call(proto.docQsa, document, '.msg'), (el) => stringify(call(proto.textContent, el))),
  });

  /** What a reader must see for each text, as the bundle's own parser tokenizes it. */
  const expectedTexts = (texts) => {
    const parse = window.__rseBundle?.parseMarkup;
    if (typeof parse !== 'function') throw new Error('the page did not expose the bundle as window.__rseBundle');
    const show = (tokens) =>
      tokens
        .map((token) => {
          switch (token.type) {
            case 'text':
            case 'code':
              return token.text;
            case 'break':
              return '';
            case 'bold':
            case 'italic':
              return show(token.children);
            case 'link':
              return token.text;
            case 'mention':
              return `@${token.label ?? token.personId}`;
            case 'hashtag':
              return `#${token.tag}`;
            case 'object':
              return token.label ?? `${token.object.type} ${token.object.id}`;
            default:
              return `[unknown token ${String(token.type)}]`;
          }
        })
        .join('');
    return texts.map((text) => show(parse(text)));
  };

  Object.defineProperty(window, '__xssProbe', {
    value: Object.freeze({ detect, status, expandAll, messageTexts, expectedTexts, cspViolations, record }),
    writable: false,
    configurable: false,
  });
})();
