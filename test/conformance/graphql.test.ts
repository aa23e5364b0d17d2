import { after, before, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import type { ObjectRef, RseAdapter } from '@rse/core';
import { runConformance } from '@rse/core/conformance.js';
import { startRseServer, type AccessPolicy, type RseServer } from '@rse/server';

/** The suffix of every case's restricted object id. */
const RESTRICTED = '-restricted';

/**
 * The ERP of the suite, as a policy object: Jonas may open every order but the restricted ones,
 * Camille every order. It answers for objects that do not exist too, as a real ERP would be asked.
 */
const policy: AccessPolicy = {
  canOpen: (personId: string, object: ObjectRef) => Promise.resolve(!(personId === 'jonas' && object.id.endsWith(RESTRICTED))),
};

// One real server for the whole suite (SQLite in memory, dev mode for people and tokens); every case
// gets objects and a feed of its own, so cases never see each other's messages.
let server: RseServer;

before(async () => {
  server = await startRseServer({ db: ':memory:', dev: true, port: 0, accessPolicy: policy });
});

after(async () => {
  await server.close();
});

async function devToken(personId: string): Promise<string> {
  const response = await fetch(`${server.url}/dev/token?person=${encodeURIComponent(personId)}`);
  if (!response.ok) throw new Error(`GET /dev/token answered ${String(response.status)}`);
  return ((await response.json()) as { token: string }).token;
}

runConformance(test, async () => {
  const run = randomUUID();
  const object = { system: 'ERP', type: 'SalesOrder', id: `conf-${run}` };
  const otherObject = { system: 'ERP', type: 'SalesOrder', id: `conf-${run}-other` };
  const restrictedObject = { system: 'ERP', type: 'SalesOrder', id: `conf-${run}${RESTRICTED}` };
  server.app.registerObject({ ...object, title: 'Conformance order' });
  server.app.registerObject({ ...otherObject, title: 'Conformance order (other)' });
  server.app.registerObject({ ...restrictedObject, title: 'Conformance order (restricted)' });
  const feed = { id: `conf-${run}`, name: `Conformance ${run}`, description: null };
  server.app.registerFeed({ ...feed, memberIds: ['camille', 'jonas'] });
  const url = `${server.url}/graphql`;
  const adapters: [RseAdapter, RseAdapter] = [
    createGraphQLAdapter({ url, token: await devToken('camille') }),
    createGraphQLAdapter({ url, token: await devToken('jonas') }),
  ];
  return {
    adapters,
    object,
    otherObject,
    restrictedObject,
    feed,
    unknownObject: { system: 'ERP', type: 'SalesOrder', id: `missing-${run}` },
    close: () => {
      for (const adapter of adapters) adapter.close?.();
    },
  };
});
