import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVING_PROPERTIES, mergeProperties, replayListJvmOpts } from './archiving-properties.js';

/**
 * Points Cassandra's next start at the downloaded segments (Esop §4.14 step 5):
 * `restore_command=cp -f %from %to`, `restore_directories` and `restore_point_in_time` in
 * `<configDir>/commitlog_archiving.properties`, merged with what the file already says (an
 * `archive_command` stays). Written whole through a temporary file, so a crash never leaves half a file.
 */
export async function writeArchivingProperties(configDir: string, downloadDir: string, pointInTime: string): Promise<string> {
  const path = join(configDir, ARCHIVING_PROPERTIES);
  const existing = await readFile(path, 'latin1').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const merged = mergeProperties(existing, {
    restore_command: 'cp -f %from %to',
    restore_directories: downloadDir,
    restore_point_in_time: pointInTime,
  });
  const temporary = `${path}.icarus-${process.pid}`;
  await writeFile(temporary, merged, 'latin1');
  await rename(temporary, path);
  return path;
}

/**
 * Appends `JVM_OPTS="$JVM_OPTS -Dcassandra.replayList=…"` to `<configDir>/cassandra-env.sh`
 * (Esop step 6), once: a file that already holds the line is left alone. Returns the file, or null
 * when there is no cassandra-env.sh (then the option must reach Cassandra another way).
 */
export async function appendReplayList(configDir: string, list: string): Promise<string | null> {
  const path = join(configDir, 'cassandra-env.sh');
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const line = replayListJvmOpts(list);
  if (content.split('\n').some((l) => l.trim() === line)) return path;
  await appendFile(path, `${content === '' || content.endsWith('\n') ? '' : '\n'}${line}\n`);
  return path;
}
