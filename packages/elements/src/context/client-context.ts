import { createContext } from '@lit/context';
import type { RseClient } from '@rse/core';

/**
 * The context every element reads its {@link RseClient} from. The key is a global symbol, so two copies
 * of the SDK on one ERP page (a vendor bundle and the host's own) still find each other's provider.
 */
export const clientContext = createContext<RseClient | undefined>(Symbol.for('rse.client'));
