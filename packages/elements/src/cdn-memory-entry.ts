/**
 * The entry of `dist/cdn/rse-memory.js`: the in-memory backend as its own script, for demos, prototypes
 * and benchmarks that run without a server; kept out of `rse.js` so ERP pages do not carry it.
 *
 * @module
 */
export { MemoryAdapter, MemoryNetwork } from '@rse/core';
