import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '@redis-lens/testkit';
import { rdbFileSizeSamples } from '../src/rdb-file-size';

describe('--include-rdb-file-size-metric (CONFIG dir + dbfilename, stat on this host)', () => {
  const dir = tempDir('rdb-size');
  afterAll(() => removeDir(dir));
  const config = (dbfilename: string) =>
    new Map([
      ['dir', dir],
      ['dbfilename', dbfilename],
    ]);

  it('reports the file size, 0 before the first save, nothing for a path or a directory', () => {
    writeFileSync(join(dir, 'dump.rdb'), Buffer.alloc(1234));
    mkdirSync(join(dir, 'not-a-file'));
    expect(rdbFileSizeSamples(config('dump.rdb'))).toEqual([{ name: 'rdb_current_size_bytes', value: 1234 }]);
    expect(rdbFileSizeSamples(config('missing.rdb'))).toEqual([{ name: 'rdb_current_size_bytes', value: 0 }]);
    expect(rdbFileSizeSamples(config('../etc/passwd'))).toEqual([]);
    expect(rdbFileSizeSamples(config('not-a-file'))).toEqual([]);
    expect(rdbFileSizeSamples(new Map())).toEqual([]);
  });
});
