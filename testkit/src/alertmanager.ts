import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getJson, getText } from './http';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tempDir, type ManagedProcess } from './process';
import { waitFor } from './wait';

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
  receivers: Array<{ name: string }>;
  fingerprint: string;
}

export interface AlertmanagerServer {
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:port`, the form Prometheus's alerting config takes. */
  readonly address: string;
  readonly dir: string;
  readonly configFile: string;
  readonly process: ManagedProcess;
  alerts(): Promise<AlertmanagerAlert[]>;
  stop(): Promise<void>;
}

/**
 * Starts Alertmanager (built by `npm run setup` at the version versions.json names) with `config` (YAML text, or an object written as JSON, which YAML
 * accepts). Clustering is turned off: its gossip listener would otherwise bind 0.0.0.0:9094.
 */
export async function startAlertmanager(config: string | object): Promise<AlertmanagerServer> {
  const port = await freePort();
  const dir = tempDir('alertmanager');
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  const proc = spawnManaged(
    `alertmanager:${port}`,
    'alertmanager',
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { cwd: dir, logFile: join(dir, 'alertmanager.log') },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `alertmanager on ${port} to be ready`,
      async () => {
        if (!proc.isRunning()) throw new Error(`alertmanager exited:\n${proc.logs()}`);
        return (await getText(`${url}/-/ready`)).status === 200;
      },
      { timeoutMs: 30_000 },
    );
  } catch (error) {
    await proc.stop();
    releasePort(port);
    throw error;
  }
  return {
    url,
    port,
    address: `127.0.0.1:${port}`,
    dir,
    configFile,
    process: proc,
    alerts: () => getJson<AlertmanagerAlert[]>(`${url}/api/v2/alerts`),
    async stop() {
      await proc.stop();
      releasePort(port);
      removeDir(dir);
    },
  };
}
