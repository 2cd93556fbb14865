/** ObjectNames of the Cassandra MBeans the facades use (Cassandra 4.0-5.0). */
export const MBeans = {
  storageService: 'org.apache.cassandra.db:type=StorageService',
  endpointSnitchInfo: 'org.apache.cassandra.db:type=EndpointSnitchInfo',
  failureDetector: 'org.apache.cassandra.net:type=FailureDetector',
  storageProxy: 'org.apache.cassandra.db:type=StorageProxy',
  compactionManager: 'org.apache.cassandra.db:type=CompactionManager',
} as const;

/**
 * ObjectName of a table's ColumnFamilyStore MBean. Names are validated before they get here,
 * so they hold no ObjectName metacharacters (`,` `=` `:` `*` `?` quotes).
 */
export function tableMBean(keyspace: string, table: string): string {
  return `org.apache.cassandra.db:type=Tables,keyspace=${keyspace},table=${table}`;
}

/** Host part of Cassandra's `ip:port` endpoint strings (`127.0.0.2:7000`, `[::1]:7000`). */
export function endpointHost(endpoint: string): string {
  const trimmed = endpoint.startsWith('/') ? endpoint.slice(1) : endpoint;
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']'));
  const colons = trimmed.split(':').length - 1;
  return colons === 1 ? trimmed.slice(0, trimmed.lastIndexOf(':')) : trimmed;
}
