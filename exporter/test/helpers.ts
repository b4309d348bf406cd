import pino from 'pino';
import { getText } from '@redis-lens/testkit';
import { loadConfig } from '../src/config';
import { startExporter, type RunningExporter } from '../src/service';

/** Starts the exporter in-process on a free loopback port with a silent logger; env carries secrets, argv never. */
export async function startTestExporter(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningExporter> {
  const config = loadConfig(['--web.listen-address', '127.0.0.1:0', ...args], env);
  return startExporter(config, { env, logger: pino({ level: 'silent' }), features: [] });
}

/** Parses Prometheus text into `name{labels}` → value, so tests can look up exact series. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const idx = line.lastIndexOf(' ');
    out.set(line.slice(0, idx), Number(line.slice(idx + 1)));
  }
  return out;
}

/** Values of every series of one metric name, with their label text. */
export function series(metrics: Map<string, number>, name: string): { labels: string; value: number }[] {
  return [...metrics]
    .filter(([key]) => key === name || key.startsWith(`${name}{`))
    .map(([key, value]) => ({ labels: key.slice(name.length), value }));
}

export async function scrape(exporter: RunningExporter, path = '/metrics', init?: RequestInit) {
  const { status, body } = await getText(`${exporter.url}${path}`, init);
  return { status, body, metrics: parseMetrics(body) };
}
