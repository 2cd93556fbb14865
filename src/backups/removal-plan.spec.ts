import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import type { Manifest } from './manifest.js';
import { removalPlan, validateRemovalSelection } from './removal-plan.js';

const SV = 'af4d29d8-4af4-3f98-bf90-30640a70bee3';
const DAY = 86_400_000;
const NOW = 100 * DAY;

function backup(name: string, keys: string[]): { name: string; manifest: Manifest } {
  const entries = keys.map((objectKey) => ({ objectKey, type: 'FILE' as const, size: 1 }));
  return { name, manifest: { snapshot: { name, keyspaces: { ks: { tables: { t: { id: 'i', sstables: { p: entries } } } } } }, tokens: [], size: keys.length } };
}

const at = (tag: string, day: number) => `${tag}-${SV}-${day * DAY}`;
const node = [
  backup(at('d10', 10), ['old-only', 'shared-old', 'everywhere']),
  backup(at('d20', 20), ['shared-old', 'd20-only', 'everywhere']),
  backup(at('d90', 90), ['d90-only', 'everywhere']),
  backup('handmade', ['hand-only']),
];

describe('removalPlan', () => {
  it('removes a backup by exact name, deleting only what no other backup references', () => {
    const plan = removalPlan(node, { backupName: at('d20', 20) }, NOW);
    assert.deepEqual(plan, {
      remove: [at('d20', 20)],
      keep: [at('d90', 90), at('d10', 10), 'handmade'],
      deleteKeys: ['d20-only'],
      manifestKeys: [`manifests/${at('d20', 20)}.json`],
      topologyKeys: [`topology/${at('d20', 20)}.json`],
    });
    assert.deepEqual(removalPlan(node, { backupName: 'handmade' }, NOW).deleteKeys, ['hand-only']);
    assert.deepEqual(removalPlan(node, { backupName: 'missing' }, NOW).remove, [], 'nothing to do is not an error');
  });

  it('removes the oldest dated backup', () => {
    const plan = removalPlan(node, { removeOldest: true }, NOW);
    assert.deepEqual(plan.remove, [at('d10', 10)]);
    assert.deepEqual(plan.deleteKeys, ['old-only']);
    assert.deepEqual(plan.topologyKeys, [`topology/${at('d10', 10)}.json`]);
  });

  it('removes by age, deleting objects shared only among the removed backups (Esop kept those)', () => {
    const plan = removalPlan(node, { olderThanMs: 50 * DAY }, NOW);
    assert.deepEqual(plan.remove, [at('d20', 20), at('d10', 10)]);
    assert.deepEqual(plan.keep, [at('d90', 90), 'handmade']);
    assert.deepEqual(plan.deleteKeys.sort(), ['d20-only', 'old-only', 'shared-old']);
    assert.deepEqual(plan.manifestKeys, [`manifests/${at('d20', 20)}.json`, `manifests/${at('d10', 10)}.json`]);
    assert.deepEqual(plan.topologyKeys, [`topology/${at('d20', 20)}.json`, `topology/${at('d10', 10)}.json`]);
  });

  it('keeps a backup exactly at the age limit (strictly older only)', () => {
    assert.deepEqual(removalPlan(node, { olderThanMs: 80 * DAY }, NOW).remove, [at('d10', 10)]);
    assert.deepEqual(removalPlan(node, { olderThanMs: 90 * DAY }, NOW).remove, []);
  });

  it("refuses contradictory or empty selections with Esop's messages", () => {
    const cases: [Parameters<typeof validateRemovalSelection>[0], string][] = [
      [{ removeOldest: true, backupName: 'x' }, 'You have specified you want to remove the oldest backup but you specified backupName too!'],
      [{ removeOldest: true, olderThanMs: 1 }, 'You have specified you want to remove the oldest backup but you specified olderThan too!'],
      [{ backupName: 'x', olderThanMs: 1 }, 'You have specified you want to remove backup x but you specified olderThan too!'],
      [{}, 'You have not specified you want to remove any specific backup but you have not specified olderThan either!'],
      [{ olderThanMs: 0 }, 'You have not specified you want to remove any specific backup but you have not specified olderThan either!'],
    ];
    for (const [selection, message] of cases) {
      assert.throws(() => removalPlan(node, selection, NOW), (err: unknown) => err instanceof ValidationError && err.message === message, message);
    }
    assert.doesNotThrow(() => validateRemovalSelection({ removeOldest: true, olderThanMs: 0 }));
  });
});
