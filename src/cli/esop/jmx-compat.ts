import { JOLOKIA_OPTIONS } from '../../config/jolokia.config.js';

/**
 * Esop's JMX flags (CassandraJMXSpec). They are accepted so existing scripts get a clear answer
 * instead of "unknown option", but this implementation reaches Cassandra through Jolokia only.
 */
export const JMX_FLAGS: readonly string[] = [
  '--jmx-service <address>',
  '--jmx-user <user>',
  '--jmx-password <password>',
  '--jmx-credentials <file>',
  '--jmx-truststore <file>',
  '--jmx-truststore-password <password>',
  '--jmx-keystore <file>',
  '--jmx-keystore-password <password>',
  '--jmx-client-auth',
];

export const JMX_HELP_GROUP = "Esop's JMX flags (refused: Cassandra is reached through Jolokia):";

/** Why the command stops when JMX flags are given. Names the flags, never their values (passwords). */
export function jmxRefusal(given: string[]): string {
  const o = JOLOKIA_OPTIONS;
  return (
    `${given.join(', ')}: this implementation reaches Cassandra through Jolokia, not JMX: ` +
    `use ${o.url.flags} (env ${o.url.env}), with ${flagName(o.user.flags)}/${flagName(o.password.flags)} ` +
    `or ${flagName(o.credentials.flags)} for authentication and ${flagName(o.ca.flags)} for https`
  );
}

/** `--jmx-user <user>` → `--jmx-user`. */
export function flagName(flags: string): string {
  return flags.replace(/\s*[<[].*$/, '');
}
