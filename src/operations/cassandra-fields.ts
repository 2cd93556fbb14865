import { IntField, StringArrayField, StringField } from './request-fields.js';

/*
 * Request fields naming Cassandra objects. Names are checked at the door (only letters, digits
 * and '_', at most 48) so nothing like `/` or `..` ever reaches JMX or a file path.
 */

export const CASSANDRA_NAME = /^[A-Za-z0-9_]{1,48}$/;
const NAME_MESSAGE = "must be a Cassandra name: letters, digits and '_' only, at most 48 characters";

export function KeyspaceField(description: string, options: { required?: boolean } = {}): PropertyDecorator {
  return StringField(description, { ...options, pattern: CASSANDRA_NAME, patternMessage: NAME_MESSAGE, example: 'ks1' });
}

export function TableField(description: string, options: { required?: boolean } = {}): PropertyDecorator {
  return StringField(description, { ...options, pattern: CASSANDRA_NAME, patternMessage: NAME_MESSAGE, example: 'table1' });
}

export function TablesField(description: string): PropertyDecorator {
  return StringArrayField(description, { pattern: CASSANDRA_NAME, patternMessage: `each table ${NAME_MESSAGE}`, example: ['table1'] });
}

/** nodetool's `--jobs`: how many SSTables at once; 0 = all compaction threads. */
export function JobsField(): PropertyDecorator {
  return IntField('number of SSTables processed at once (nodetool -j); 0 = all compaction threads', { default: 0, min: 0, max: 2 ** 31 - 1 });
}
