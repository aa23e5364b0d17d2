import { test } from 'node:test';
import { MemoryNetwork } from '@rse/core';
import { runConformance } from '@rse/core/conformance.js';

const PEOPLE = [
  { id: 'camille', name: 'Camille Laurent' },
  { id: 'jonas', name: 'Jonas Weber' },
];

runConformance(test, () => {
  const object = { system: 'ERP', type: 'SalesOrder', id: '4711' };
  const otherObject = { system: 'ERP', type: 'SalesOrder', id: '4712' };
  const feed = { id: 'sales-floor', name: 'Sales floor', description: null };
  const restrictedObject = { system: 'ERP', type: 'SalesOrder', id: '9001' };
  const network = new MemoryNetwork({
    people: PEOPLE,
    objects: [object, otherObject, restrictedObject],
    // The ERP lets Jonas open every order but 9001.
    access: (personId, o) => !(personId === 'jonas' && o.id === restrictedObject.id),
    feeds: [{ ...feed, memberIds: PEOPLE.map((p) => p.id) }],
  });
  return Promise.resolve({
    adapters: [network.adapterFor('camille'), network.adapterFor('jonas')] as const,
    object,
    otherObject,
    unknownObject: { system: 'ERP', type: 'SalesOrder', id: 'no-such-order' },
    feed,
    restrictedObject,
    close: () => undefined,
  });
});
