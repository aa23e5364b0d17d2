import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectKey, parseObjectKey, sameObject } from '@rse/core';

test('objectKey is canonical: with and without system, and an absent system equals null', () => {
  assert.equal(objectKey({ system: 'ERP', type: 'SalesOrder', id: '4711' }), 'ERP:SalesOrder:4711');
  assert.equal(objectKey({ type: 'SalesOrder', id: '4711' }), ':SalesOrder:4711');
  assert.equal(objectKey({ system: null, type: 'SalesOrder', id: '4711' }), ':SalesOrder:4711');
});

test('objectKey escapes separators so different objects never share a key', () => {
  const a = { type: 'A:B', id: 'C' };
  const b = { type: 'A', id: 'B:C' };
  assert.notEqual(objectKey(a), objectKey(b));
  assert.deepEqual(parseObjectKey(objectKey(a)), a);
  assert.deepEqual(parseObjectKey(objectKey(b)), b);
  const odd = { system: '100%', type: 'Order', id: '50%:x' };
  assert.deepEqual(parseObjectKey(objectKey(odd)), odd);
});

test('parseObjectKey refuses strings that are not keys', () => {
  for (const bad of ['', 'SalesOrder', 'a:b', 'a:b:c:d', '::', 'x::1', 'x:T:', 'x:T:%E0%A4%A']) {
    assert.throws(() => parseObjectKey(bad), TypeError, bad);
  }
});

test('sameObject compares by key', () => {
  assert.ok(sameObject({ type: 'T', id: '1' }, { system: null, type: 'T', id: '1' }));
  assert.ok(!sameObject({ system: 'S', type: 'T', id: '1' }, { type: 'T', id: '1' }));
});
