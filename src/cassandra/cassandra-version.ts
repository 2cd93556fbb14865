import { UpstreamError } from '../common/errors.js';

/** A Cassandra release version as Icarus reports it on `/version/cassandra`. */
export interface CassandraVersion {
  major: number;
  minor: number;
  patch: number;
  /** Fourth number of DSE versions (`X.Y.Z.D`); -1 for Apache Cassandra. */
  dsePatch: number;
  /** `beta1`, `SNAPSHOT` in `5.0-beta1-SNAPSHOT`; absent when there are none. */
  preReleaseLabels?: string[];
  /** What follows `+`, e.g. `a20ba.sha`; absent when there is none. */
  buildLabel?: string;
}

// The grammar of the DataStax driver's VersionNumber, which Icarus uses: X.Y[.Z][.D][-pre...][+build].
const VERSION = /^(\d+)\.(\d+)(\.\d+)?(\.\d+)?([~-]\w[.\w]*(?:-\w[.\w]*)*)?(\+[.\w]+)?$/;

/** Parses `getReleaseVersion()` output such as `5.0.9`, `4.1-rc1` or `6.8.25.1`. */
export function parseCassandraVersion(text: string): CassandraVersion {
  const m = VERSION.exec(text.trim());
  if (!m) throw new UpstreamError(`Invalid version number: ${text}`);
  const version: CassandraVersion = {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] ? Number(m[3].slice(1)) : 0,
    dsePatch: m[4] ? Number(m[4].slice(1)) : -1,
  };
  if (m[5]) version.preReleaseLabels = m[5].slice(1).split('-');
  if (m[6]) version.buildLabel = m[6].slice(1);
  if (![version.major, version.minor, version.patch, version.dsePatch].every(Number.isSafeInteger)) {
    throw new UpstreamError(`Invalid version number: ${text}`);
  }
  return version;
}
