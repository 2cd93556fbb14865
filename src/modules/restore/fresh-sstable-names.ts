import { createHash } from 'node:crypto';
import { parseSSTableFileName } from '../../backups/sstable-names.js';

/** 100 ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
const UUID_EPOCH_OFFSET = 0x01b21dd213814000n;

/**
 * A UUID SSTable id as Cassandra 4.1+ writes it (UUIDBasedSSTableId.asString): the time-based
 * UUID's timestamp as days, seconds and 100 ns units in base 36, then its low 64 bits in base 36
 * (`3gy0_111j_2u8ka1z4k2vcw67ubc`). Cassandra parses such ids whatever `uuid_sstable_identifiers_enabled`
 * says; only the ids it makes depend on it.
 */
export function uuidSSTableId(timestamp100ns: bigint, lsb: bigint): string {
  const nanoPart = timestamp100ns % 10_000_000n;
  const seconds = (timestamp100ns / 10_000_000n) % 86_400n;
  const days = timestamp100ns / 10_000_000n / 86_400n;
  const pad = (value: bigint, width: number) => value.toString(36).padStart(width, '0');
  return `${pad(days, 4)}_${pad(seconds, 4)}_${pad(nanoPart, 5)}${pad(BigInt.asUintN(64, lsb), 13)}`;
}

/**
 * Names under which HARDLINKS links a backup's SSTables into a live table directory before
 * loadNewSSTables adopts them (it renames them to the table's own next ids). They must not be names
 * the live table may write meanwhile: its flushes and compactions take the next integer
 * generation (or a UUID of the current time and the node's own bits), so the backup's integer
 * generations could be taken by a flush between the link and the load, and Cassandra would write
 * into our hard link. A UUID id built from the backup's time and a hash of the backup and the
 * SSTable cannot be one of them, and is the same when IMPORT runs again (a link already made is found).
 */
export class FreshSSTableNames {
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly backupName: string,
    private readonly backupTimeMs: number,
  ) {}

  /** `oa-1-big-Data.db` → `oa-<uuid id>-big-Data.db`; `sstableKey` tells SSTables apart (table, index, prefix). */
  rename(fileName: string, sstableKey: string): string {
    const parsed = parseSSTableFileName(fileName);
    // Pre-3.0 names (keyspace and table in the name) cannot be loaded by Cassandra 5 anyway.
    if (!parsed || parsed.format === null) return fileName;
    let id = this.ids.get(sstableKey);
    if (!id) {
      const digest = createHash('sha256').update(`${this.backupName}\0${sstableKey}`).digest();
      // Variant bits 10 in the top of the low half, as a time-based UUID has them.
      const lsb = (digest.readBigUInt64BE(0) & 0x3fffffffffffffffn) | 0x8000000000000000n;
      const timestamp = BigInt(Math.max(0, Math.trunc(this.backupTimeMs))) * 10_000n + UUID_EPOCH_OFFSET + BigInt(this.ids.size);
      id = uuidSSTableId(timestamp, lsb);
      this.ids.set(sstableKey, id);
    }
    return `${parsed.version}-${id}-${parsed.format}-${parsed.component}`;
  }
}
