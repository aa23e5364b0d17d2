/**
 * The rules file: an allow-list read at start (an invalid one stops the server), re-read when it
 * changes, matching card fields, and refusing everyone while it is unreadable or invalid.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { ObjectRef } from '@rse/core';
import { RulesAccessPolicy, startRseServer, type RseLogger } from '@rse/server';
import { sleep } from './wire.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rse-rules-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Sellers see their region's orders, the manager sees all, everyone sees products. */
const RETAIL = {
  comment: 'the example of the README',
  rules: [
    { people: ['camille', 'lucas'], objects: { type: 'SalesOrder', where: { field: 'Region', equals: 'Lyon' } } },
    { people: ['jonas'], objects: { type: 'SalesOrder', where: [{ field: 'Region', in: ['Berlin', 'Hamburg'] }, { field: 'Status', equals: 'open' }] } },
    { people: ['amira'], objects: '*' },
    { people: '*', objects: [{ type: 'Product' }, { system: 'CRM', type: 'Customer', id: ['C-1', 'C-2'] }] },
  ],
};

const FIELDS: Record<string, { label: string; value: string }[]> = {
  'SalesOrder:1': [{ label: 'Region', value: 'Lyon' }],
  'SalesOrder:2': [{ label: 'Region', value: 'Berlin' }, { label: 'Status', value: 'open' }],
  'SalesOrder:3': [{ label: 'Region', value: 'Hamburg' }, { label: 'Status', value: 'closed' }],
};
const fieldsOf = (objects: readonly ObjectRef[]) => objects.map((o) => FIELDS[`${o.type}:${o.id}`] ?? null);
const silent: RseLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function rulesFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

test('sellers see their region, the manager everything, everyone the products', async () => {
  const policy = new RulesAccessPolicy({ file: rulesFile('retail.json', RETAIL), fieldsOf, logger: silent });
  const objects = [
    { system: 'ERP', type: 'SalesOrder', id: '1' },
    { system: 'ERP', type: 'SalesOrder', id: '2' },
    { system: 'ERP', type: 'SalesOrder', id: '3' },
    { system: 'ERP', type: 'SalesOrder', id: 'unknown' },
    { system: 'ERP', type: 'Product', id: 'TV' },
    { system: 'CRM', type: 'Customer', id: 'C-2' },
    { system: 'ERP', type: 'Customer', id: 'C-2' },
  ];
  assert.deepEqual(await policy.canOpenMany('camille', objects), [true, false, false, false, true, true, false]);
  assert.deepEqual(await policy.canOpenMany('jonas', objects), [false, true, false, false, true, true, false]);
  assert.deepEqual(await policy.canOpenMany('amira', objects), [true, true, true, true, true, true, true]);
  assert.deepEqual(await policy.canOpenMany('nobody', objects), [false, false, false, false, true, true, false]);
  assert.equal(await policy.canOpen('lucas', objects[0] as ObjectRef), true);
});

test('an invalid file stops the start, saying where it is wrong', () => {
  const cases: [unknown, RegExp][] = [
    ['{ not json', /invalid/],
    [{ rules: {} }, /"rules" must be a list/],
    [{ rules: [{ people: 'camille', objects: '*' }] }, /rules\[0\]\.people must be a list of person ids or "\*"/],
    [{ rules: [{ people: ['a'], objects: { type: 'X', wher: {} } }] }, /rules\[0\]\.objects has an unknown key "wher"/],
    [{ rules: [{ people: ['a'], objects: { where: { field: 'Region' } } }] }, /rules\[0\]\.objects\.where needs exactly one of "equals" and "in"/],
    [{ rules: [{ people: ['a'], objects: [{ type: '' }] }] }, /rules\[0\]\.objects\[0\]\.type must be a non-empty string/],
    [{ rule: [] }, /unknown key "rule"/],
  ];
  for (const [content, message] of cases) {
    assert.throws(() => new RulesAccessPolicy({ file: rulesFile('bad.json', content), logger: silent }), message);
  }
  assert.throws(() => new RulesAccessPolicy({ file: join(dir, 'missing.json'), logger: silent }), /cannot be read/);
});

test('a rewritten file is seen within the check interval; a broken or missing one refuses everyone', async () => {
  const file = rulesFile('live.json', { rules: [{ people: ['jonas'], objects: '*' }] });
  const errors: string[] = [];
  const policy = new RulesAccessPolicy({ file, checkIntervalMs: 50, logger: { ...silent, error: (m) => errors.push(m) } });
  const object = { system: 'ERP', type: 'SalesOrder', id: '1' };
  assert.equal(await policy.canOpen('jonas', object), true);
  writeFileSync(file, JSON.stringify({ rules: [] }));
  await sleep(80);
  assert.equal(await policy.canOpen('jonas', object), false, 'withdrawn');
  writeFileSync(file, JSON.stringify({ rules: [{ people: ['jonas'], objects: '*' }] }));
  await sleep(80);
  assert.equal(await policy.canOpen('jonas', object), true, 'granted again');
  writeFileSync(file, '{ "rules": [ { "people": ["jonas"], "objects": "*" } ');
  await sleep(80);
  assert.equal(await policy.canOpen('jonas', object), false, 'a half-written file refuses everyone');
  await sleep(80);
  assert.equal(await policy.canOpen('jonas', object), false);
  assert.equal(errors.length, 1, 'said once, not on every question');
  writeFileSync(file, JSON.stringify({ rules: [{ people: ['jonas'], objects: '*' }] }));
  await sleep(80);
  assert.equal(await policy.canOpen('jonas', object), true, 'fixed');
  unlinkSync(file);
  await sleep(80);
  assert.equal(await policy.canOpen('jonas', object), false, 'a deleted file refuses everyone');
});

test('the example rules for the dev seed hold: sellers open their own orders, the manager all', { timeout: 20_000 }, async () => {
  const example = fileURLToPath(new URL('../../packages/server/access-rules.example.json', import.meta.url));
  const server = await startRseServer({ db: ':memory:', dev: true, port: 0, accessRules: example, logger: silent });
  try {
    const canOpen = async (personId: string, id: string): Promise<boolean> => {
      const { token } = (await (await fetch(`${server.url}/dev/token?person=${personId}`)).json()) as { token: string };
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query($o: [ObjectInput!]!) { objects(objects: $o) { title } }', variables: { o: [{ system: 'ERP', type: 'SalesOrder', id }] } }),
      });
      return ((await response.json()) as { data: { objects: unknown[] } }).data.objects[0] !== null;
    };
    // 4711 is Camille's order, 4712 Jonas's.
    assert.deepEqual(
      [await canOpen('camille', '4711'), await canOpen('camille', '4712'), await canOpen('jonas', '4711'), await canOpen('jonas', '4712'), await canOpen('amira', '4711')],
      [true, false, false, true, true],
    );
  } finally {
    await server.close();
  }
});
