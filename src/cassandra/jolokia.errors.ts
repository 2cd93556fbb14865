import { UpstreamError } from '../common/errors.js';
import type { JolokiaRequest, JolokiaResponseItem } from './jolokia.types.js';

/** Jolokia answered, but reported an error for one request, usually a JMX or Java exception. */
export class JolokiaRequestError extends UpstreamError {
  /** Jolokia's status for the item: 404 for a missing MBean/attribute/operation, 500 for an exception. */
  readonly status: number;
  /** Java class of the exception, e.g. `java.lang.IllegalArgumentException`. */
  readonly javaType: string | undefined;
  /** The exception's message as Jolokia reported it. */
  readonly javaMessage: string;

  constructor(jolokiaUrl: string, request: JolokiaRequest, item: JolokiaResponseItem) {
    const javaMessage = item.error ?? 'no error message';
    const javaType = item.error_type;
    const cause = javaType && !javaMessage.startsWith(javaType) ? `${javaType}: ${javaMessage}` : javaMessage;
    super(`Jolokia at ${jolokiaUrl}: ${describeRequest(request)} failed: ${cause}`);
    this.status = item.status;
    this.javaType = javaType;
    this.javaMessage = javaMessage;
  }

  /** True when the MBean itself does not exist (e.g. the table MBean of a dropped table). */
  get mbeanNotFound(): boolean {
    return this.javaType === 'javax.management.InstanceNotFoundException';
  }
}

/** Short human description of a request for error messages, e.g. `exec drain on org.apache.cassandra.db:type=StorageService`. */
export function describeRequest(request: JolokiaRequest): string {
  switch (request.type) {
    case 'read':
      return `read ${[request.attribute ?? '*'].flat().join(',')} of ${request.mbean}`;
    case 'write':
      return `write ${request.attribute} of ${request.mbean}`;
    case 'exec':
      return `exec ${request.operation} on ${request.mbean}`;
    case 'search':
      return `search ${request.mbean}`;
    case 'list':
      return `list ${request.path ?? ''}`.trim();
    case 'version':
      return 'version';
  }
}
