// Smallest bench: proves the harness runs; the real ones measure against their anchors.
import { startRedis } from '@redis-lens/testkit';
import { recordRows, row } from './lib/results';

async function main() {
  const redis = await startRedis();
  try {
    const client = redis.client();
    const n = 2000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await client.ping();
    const perOpUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
    client.disconnect();
    recordRows([row('harness: ioredis PING round trip', perOpUs, 'us/op', undefined, `${n} sequential PINGs`)]);
  } finally {
    await redis.stop();
  }
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
