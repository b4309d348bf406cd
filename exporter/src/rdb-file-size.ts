import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Sample } from './catalog';

/**
 * `rdb_current_size_bytes` for `--include-rdb-file-size-metric`, as redis_exporter reads it: the file at CONFIG `dir`
 * + `dbfilename` on this host (so only when the exporter runs beside Redis); 0 when it does not exist yet. A
 * `dbfilename` that is not a bare file name, or a path that is not a regular file, gives nothing.
 */
export function rdbFileSizeSamples(config: Map<string, string>): Sample[] {
  const dir = config.get('dir');
  const file = config.get('dbfilename');
  if (!dir || !file || file !== basename(file) || file === '.' || file === '..') return [];
  try {
    const stat = statSync(join(dir, file));
    return stat.isFile() ? [{ name: 'rdb_current_size_bytes', value: stat.size }] : [];
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? [{ name: 'rdb_current_size_bytes', value: 0 }] : [];
  }
}
