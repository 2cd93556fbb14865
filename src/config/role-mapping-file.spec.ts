import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoleMapping } from './role-mapping-file.js';

describe('certificate role mapping file', () => {
  it('reads SUBJECT ROLE lines: attributes upper-cased, escaped commas, aligned columns, * for any', () => {
    const { rules, problems } = parseRoleMapping('# c\n\ncn=backup-bot, O=ops   operate\nCN=a\\,b read\nO=Team #1 admin\n*  read\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, [
      { line: 3, attributes: [['CN', 'backup-bot'], ['O', 'ops']], role: 'operate' },
      { line: 4, attributes: [['CN', 'a,b']], role: 'read' },
      { line: 5, attributes: [['O', 'Team #1']], role: 'admin' },
      { line: 6, attributes: 'any', role: 'read' },
    ]);
  });

  it('names the line of each problem', () => {
    const { rules, problems } = parseRoleMapping('CN=x\nCN=x superuser\nnot-a-pair read\n=v operate\n');
    assert.deepEqual(rules, []);
    assert.deepEqual(problems, [
      'line 1: expected SUBJECT ROLE, e.g. CN=operator,O=ops operate',
      'line 2: the last word must be a role: read, operate, admin',
      "line 3: 'not-a-pair' is not ATTRIBUTE=value (e.g. CN=operator)",
      "line 4: '=v' is not ATTRIBUTE=value (e.g. CN=operator)",
    ]);
  });
});
