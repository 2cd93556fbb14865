import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJavaProperties } from './java-properties.js';

describe('parseJavaProperties', () => {
  it('reads =, : and blank separators, skipping comments and blank lines', () => {
    const props = parseJavaProperties('# comment\n! also\n\nusername=cassandra\npassword : s3cr=t\nother value here\n');
    assert.deepEqual([...props], [['username', 'cassandra'], ['password', 's3cr=t'], ['other', 'value here']]);
  });

  it('joins continuation lines and decodes escapes', () => {
    const props = parseJavaProperties('password=ab\\\n    cd\\tx\\u0041\nkey\\=with\\:seps=v\n');
    assert.equal(props.get('password'), 'abcd\txA');
    assert.equal(props.get('key=with:seps'), 'v');
  });

  it('keeps an escaped trailing backslash and lets later keys win', () => {
    const props = parseJavaProperties('a=x\\\\\na=y\\\\\nb=1\r\nb=2');
    assert.equal(props.get('a'), 'y\\');
    assert.equal(props.get('b'), '2');
  });
});
