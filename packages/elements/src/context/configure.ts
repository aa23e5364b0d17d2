import { ContextProvider, ContextRoot } from '@lit/context';
import { RseClient, type RseAdapter } from '@rse/core';
import { clientContext } from './client-context.js';

/** What {@link configure} takes. */
export interface ConfigureOptions {
  /** The backend every element of the page talks to. */
  readonly adapter: RseAdapter;
  /** Whether lookups of one tick go out as one request (default); off only to measure what it saves. */
  readonly batching?: boolean;
}

interface DocumentContext {
  provider?: ContextProvider<typeof clientContext>;
}

// Global symbols, so a second SDK copy on the page reuses the first one's root and provider.
const ROOT_KEY = Symbol.for('rse.contextRoot');
const PROVIDER_KEY = Symbol.for('rse.documentProvider');
type Registry = Record<symbol, unknown>;

/**
 * Makes late providers reach elements that asked before them. ERP pages often upgrade elements (from a
 * script-tag bundle) before the host calls `configure()`; the root replays their pending requests.
 * @internal
 */
export function ensureContextRoot(): void {
  const registry = globalThis as unknown as Registry;
  if (registry[ROOT_KEY] || typeof document === 'undefined') return;
  const root = new ContextRoot();
  root.attach(document.documentElement);
  registry[ROOT_KEY] = root;
}

/**
 * Connects every RSE element of the page to one backend, wherever the elements sit in the DOM — ERP
 * screens scatter badges and threads across unrelated containers. Call it once at start-up; calling it
 * again swaps the client, and every element follows. Returns the client, for programmatic use.
 *
 * @example
 * import { configure } from '@rse/elements';
 * import { createGraphQLAdapter } from '@rse/adapter-graphql';
 * configure({ adapter: createGraphQLAdapter({ url: '/graphql', token: getToken }) });
 */
export function configure(options: ConfigureOptions): RseClient {
  ensureContextRoot();
  const client = new RseClient({ adapter: options.adapter, batching: options.batching ?? true });
  const registry = globalThis as unknown as Registry;
  const existing = registry[PROVIDER_KEY] as DocumentContext | undefined;
  if (existing?.provider) {
    existing.provider.value?.close();
    existing.provider.setValue(client);
  } else {
    const provider = new ContextProvider(document.documentElement, { context: clientContext, initialValue: client });
    // The host is a plain element, not a Lit one, so nobody calls hostConnected(): call it, so that the
    // provider announces itself and the context root hands it the requests made before configure().
    provider.hostConnected();
    registry[PROVIDER_KEY] = { provider } satisfies DocumentContext;
  }
  return client;
}
