// Exporter vs Debian's prometheus-redis-exporter (redis_exporter 1.45, Go) on the same Redis 7: a master with keys
// in several dbs, ~100 distinct commands in commandstats, 2 replicas. Scrapes alternate between the two exporters
// so both see the same server state. CPU per scrape from /proc/<pid>/stat (utime+stime), peak RSS from VmHWM.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  freePort,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  tempDir,
  waitFor,
  waitForReplication,
  type ManagedProcess,
  type RedisServer,
} from '@redis-lens/testkit';
import { CLOCK_TICKS, cpuTicks, peakRssMb } from './lib/proc';
import { percentile, recordRows, row } from './lib/results';

const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 300);
const WARMUP = 30;

const COMMANDS: (string | number)[][] = [
  ['SET', 's', '1'],
  ['GET', 's'],
  ['EXISTS', 's'],
  ['EXPIRE', 's', 1000],
  ['TTL', 's'],
  ['PTTL', 's'],
  ['PERSIST', 's'],
  ['INCR', 'n'],
  ['DECR', 'n'],
  ['INCRBY', 'n', 2],
  ['DECRBY', 'n', 1],
  ['INCRBYFLOAT', 'f', 1.5],
  ['APPEND', 'a', 'x'],
  ['STRLEN', 'a'],
  ['GETRANGE', 'a', 0, 1],
  ['SETRANGE', 'a', 0, 'y'],
  ['MSET', 'm1', 1, 'm2', 2],
  ['MGET', 'm1', 'm2'],
  ['MSETNX', 'm3', 1],
  ['SETNX', 'nx', 1],
  ['SETEX', 'ex', 100, 1],
  ['PSETEX', 'px', 100000, 1],
  ['GETSET', 's', 2],
  ['GETDEL', 'm3'],
  ['GETEX', 's', 'EX', 100],
  ['LPUSH', 'l', 'a', 'b', 'c'],
  ['RPUSH', 'l', 'd'],
  ['LPOP', 'l'],
  ['RPOP', 'l'],
  ['LLEN', 'l'],
  ['LRANGE', 'l', 0, -1],
  ['LINDEX', 'l', 0],
  ['LSET', 'l', 0, 'z'],
  ['LINSERT', 'l', 'BEFORE', 'z', 'y'],
  ['LREM', 'l', 1, 'y'],
  ['LTRIM', 'l', 0, 10],
  ['RPOPLPUSH', 'l', 'l2'],
  ['LMOVE', 'l2', 'l', 'LEFT', 'RIGHT'],
  ['LPOS', 'l', 'z'],
  ['SADD', 'st', 'a', 'b'],
  ['SREM', 'st', 'b'],
  ['SMEMBERS', 'st'],
  ['SISMEMBER', 'st', 'a'],
  ['SCARD', 'st'],
  ['SRANDMEMBER', 'st'],
  ['SINTER', 'st', 'st2'],
  ['SUNION', 'st', 'st2'],
  ['SDIFF', 'st', 'st2'],
  ['SINTERSTORE', 'st3', 'st', 'st'],
  ['SUNIONSTORE', 'st4', 'st'],
  ['SDIFFSTORE', 'st5', 'st', 'st2'],
  ['SMOVE', 'st', 'st2', 'a'],
  ['SMISMEMBER', 'st2', 'a'],
  ['SPOP', 'st4'],
  ['HSET', 'h', 'f', 1, 'g', 2],
  ['HGET', 'h', 'f'],
  ['HDEL', 'h', 'g'],
  ['HLEN', 'h'],
  ['HKEYS', 'h'],
  ['HVALS', 'h'],
  ['HGETALL', 'h'],
  ['HEXISTS', 'h', 'f'],
  ['HINCRBY', 'h', 'f', 1],
  ['HINCRBYFLOAT', 'h', 'f', 0.5],
  ['HMGET', 'h', 'f'],
  ['HSETNX', 'h', 'x', 1],
  ['HSTRLEN', 'h', 'f'],
  ['HRANDFIELD', 'h'],
  ['ZADD', 'z', 1, 'a', 2, 'b'],
  ['ZREM', 'z', 'b'],
  ['ZSCORE', 'z', 'a'],
  ['ZRANK', 'z', 'a'],
  ['ZREVRANK', 'z', 'a'],
  ['ZCARD', 'z'],
  ['ZCOUNT', 'z', 0, 10],
  ['ZRANGE', 'z', 0, -1],
  ['ZREVRANGE', 'z', 0, -1],
  ['ZRANGEBYSCORE', 'z', 0, 10],
  ['ZINCRBY', 'z', 1, 'a'],
  ['ZMSCORE', 'z', 'a'],
  ['ZLEXCOUNT', 'z', '-', '+'],
  ['ZPOPMIN', 'z'],
  ['ZPOPMAX', 'z'],
  ['PFADD', 'hll', 'a'],
  ['PFCOUNT', 'hll'],
  ['PFMERGE', 'hll2', 'hll'],
  ['XADD', 'x', '*', 'f', 1],
  ['XLEN', 'x'],
  ['XRANGE', 'x', '-', '+'],
  ['XREVRANGE', 'x', '+', '-'],
  ['XTRIM', 'x', 'MAXLEN', 100],
  ['GEOADD', 'g', 13.36, 38.11, 'p'],
  ['GEOPOS', 'g', 'p'],
  ['GEOHASH', 'g', 'p'],
  ['GEODIST', 'g', 'p', 'p'],
  ['SETBIT', 'b', 7, 1],
  ['GETBIT', 'b', 7],
  ['BITCOUNT', 'b'],
  ['BITPOS', 'b', 1],
  ['TYPE', 's'],
  ['RENAME', 'nx', 'nx2'],
  ['RENAMENX', 'nx2', 'nx3'],
  ['RANDOMKEY'],
  ['DBSIZE'],
  ['ECHO', 'x'],
  ['PING'],
  ['TIME'],
  ['LASTSAVE'],
  ['OBJECT', 'ENCODING', 's'],
  ['MEMORY', 'USAGE', 's'],
  ['SCAN', 0],
  ['SSCAN', 'st2', 0],
  ['HSCAN', 'h', 0],
  ['ZSCAN', 'z', 0],
  ['DUMP', 's'],
  ['TOUCH', 's'],
  ['UNLINK', 'px'],
  ['COPY', 's', 's2'],
  ['DEL', 's2'],
];

async function timedScrape(url: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok || !body.includes('redis_up 1')) throw new Error(`scrape of ${url} failed: ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main() {
  const root = join(__dirname, '..');
  const build = spawnSync('npm', ['run', 'build', '-w', 'exporter'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('exporter build failed');

  const dir = tempDir('bench-exporter');
  const servers: RedisServer[] = [];
  const procs: ManagedProcess[] = [];
  const ports: number[] = [];
  try {
    const master = await startRedis();
    servers.push(master);
    for (let i = 0; i < 2; i++) servers.push(await startRedis({ replicaOf: { host: '127.0.0.1', port: master.port } }));
    await Promise.all(servers.slice(1).map((r) => waitForReplication(r)));
    const c = master.client();
    for (const db of [0, 1, 2, 5]) {
      await c.select(db);
      const p = c.pipeline();
      for (let i = 0; i < 1000; i++) p.set(`bench:${db}:${i}`, 'v', 'EX', 3600 + i);
      await p.exec();
    }
    await c.select(0);
    for (const cmd of COMMANDS) await c.call(String(cmd[0]), ...cmd.slice(1).map(String)).catch(() => undefined);
    const distinct = Object.keys(
      Object.fromEntries(
        String(await c.call('INFO', 'commandstats'))
          .split('\n')
          .filter((l) => l.startsWith('cmdstat_'))
          .map((l) => [l, 1]),
      ),
    ).length;
    c.disconnect();

    const [ourPort, theirPort] = [await freePort(), await freePort()];
    ports.push(ourPort, theirPort);
    const ours = spawnManaged(
      'redis-lens-exporter',
      // The package bin, as npx and the container run it.
      join(root, 'exporter', 'bin', 'redis-lens-exporter.js'),
      ['--redis.addr', master.url(), '--web.listen-address', `127.0.0.1:${ourPort}`, '--log.level', 'warn'],
      { cwd: dir, logFile: join(dir, 'ours.log') },
    );
    procs.push(ours);
    const theirs = spawnManaged(
      'prometheus-redis-exporter',
      'prometheus-redis-exporter',
      ['-redis.addr', master.url(), '-web.listen-address', `127.0.0.1:${theirPort}`],
      { cwd: dir, logFile: join(dir, 'theirs.log') },
    );
    procs.push(theirs);
    const ourUrl = `http://127.0.0.1:${ourPort}/metrics`;
    const theirUrl = `http://127.0.0.1:${theirPort}/metrics`;
    await waitFor(
      'both exporters to serve',
      async () => (await timedScrape(ourUrl)) >= 0 && (await timedScrape(theirUrl)) >= 0,
      {
        timeoutMs: 30_000,
      },
    );
    for (let i = 0; i < WARMUP; i++) {
      await timedScrape(ourUrl);
      await timedScrape(theirUrl);
    }

    const ourMs: number[] = [];
    const theirMs: number[] = [];
    let ourCpu = 0;
    let theirCpu = 0;
    for (let i = 0; i < SCRAPES; i++) {
      let t = cpuTicks(ours.pid);
      ourMs.push(await timedScrape(ourUrl));
      ourCpu += cpuTicks(ours.pid) - t;
      t = cpuTicks(theirs.pid);
      theirMs.push(await timedScrape(theirUrl));
      theirCpu += cpuTicks(theirs.pid) - t;
    }
    ourMs.sort((a, b) => a - b);
    theirMs.sort((a, b) => a - b);
    const cpuMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS / SCRAPES;
    const anchor = (name: string, value: number) => ({ name: `prometheus-redis-exporter 1.45 ${name}`, value });
    const notes = `${SCRAPES} sequential scrapes each, alternating; master with 4000 keys in 4 dbs, ${distinct} commands in commandstats, 2 replicas; 2-core VM`;
    recordRows([
      row(
        'exporter: scrape latency p50',
        percentile(ourMs, 50),
        'ms',
        anchor('scrape latency p50', percentile(theirMs, 50)),
        notes,
      ),
      row(
        'exporter: scrape latency p99',
        percentile(ourMs, 99),
        'ms',
        anchor('scrape latency p99', percentile(theirMs, 99)),
        notes,
      ),
      row(
        'exporter: CPU per scrape',
        cpuMs(ourCpu),
        'ms',
        anchor('CPU per scrape', cpuMs(theirCpu)),
        `${notes}; /proc utime+stime at 100 Hz`,
      ),
      row(
        'exporter: peak RSS',
        peakRssMb(ours.pid),
        'MB',
        anchor('peak RSS', peakRssMb(theirs.pid)),
        `VmHWM after ${SCRAPES + WARMUP} scrapes`,
      ),
    ]);
  } finally {
    await Promise.allSettled(procs.map((p) => p.stop()));
    for (const p of ports) releasePort(p);
    await Promise.allSettled(servers.reverse().map((s) => s.stop()));
    removeDir(dir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
