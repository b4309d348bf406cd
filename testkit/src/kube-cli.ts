import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { readVersions, requireBinary } from './binaries';
import { removeDir, tempDir } from './process';
import type { ToolResult } from './tools';

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a built program to completion without blocking the event loop (a test may serve HTTP meanwhile). */
function run(name: string, args: string[], options: RunOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      requireBinary(name),
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs ?? 120_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          // Not an exit status: the program could not start or ran past its time.
          reject(new Error(`${name} ${args.join(' ')}: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ status: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/**
 * An environment where a Kubernetes CLI finds no cluster and no settings but those given: KUBECONFIG points at the
 * given file or at a path that does not exist (so ~/.kube/config is never read), HOME at the temp dir.
 */
function isolatedEnv(home: string, kubeconfig: string | undefined, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig ?? join(home, 'none') };
  for (const key of ['TMPDIR', 'LANG', 'TZ']) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

export interface RunHelmOptions extends RunOptions {
  /** The cluster `helm install/upgrade/uninstall/get` talk to, e.g. `startKubeApiServer().kubeconfig`. */
  kubeconfig?: string;
}

/**
 * `helm <args>` (built by `npm run setup`, versions.json `helm`) with its own cache, config and data dirs in a temp
 * dir that is removed afterwards, so nothing is read from or written to the user's home. Resolves with the exit
 * status and output; rejects only if helm could not run or ran past `timeoutMs` (default 120 s).
 */
export async function runHelm(args: string[], options: RunHelmOptions = {}): Promise<ToolResult> {
  const home = tempDir('helm');
  try {
    const env = isolatedEnv(home, options.kubeconfig, {
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      ...options.env,
    });
    return await run('helm', args, { ...options, env });
  } finally {
    removeDir(home);
  }
}

/**
 * Kubernetes versions whose OpenAPI schemas are compiled into kubectl-validate at the commit versions.json names.
 * For any other version it would download schemas from GitHub, which a test must never do.
 */
export const KUBECTL_VALIDATE_BUILTIN_VERSIONS = Array.from({ length: 35 - 23 + 1 }, (_, i) => `1.${23 + i}`);

export interface RunKubectlValidateOptions extends RunOptions {
  /** `1.N` (default: the minor of the kube-apiserver versions.json names); one of the compiled-in schema sets. */
  kubernetesVersion?: string;
  /** Directories of CRD YAML (e.g. `Object.values(crdDirs())`) that resources of those kinds are validated against. */
  localCrds?: string[];
}

export interface KubectlValidateResult extends ToolResult {
  /** kubectl-validate's JSON report: for each file, one Kubernetes Status per document (`Success` or why not). */
  report: Record<string, Array<{ status: string; message?: string; reason?: string; details?: unknown }>>;
}

/**
 * `kubectl-validate <files> --version 1.N --local-crds …` (built by `npm run setup`): schema, format and CEL
 * validation as the API server would do it, offline. Exit status 0 = every document valid, 1 = some invalid.
 */
export async function runKubectlValidate(
  files: string[],
  options: RunKubectlValidateOptions = {},
): Promise<KubectlValidateResult> {
  const version = options.kubernetesVersion ?? readVersions().kubernetes.version.split('.').slice(0, 2).join('.');
  if (!KUBECTL_VALIDATE_BUILTIN_VERSIONS.includes(version)) {
    throw new Error(
      `kubectl-validate has no built-in schemas for Kubernetes ${version} ` +
        `(it has ${KUBECTL_VALIDATE_BUILTIN_VERSIONS[0]}–${KUBECTL_VALIDATE_BUILTIN_VERSIONS.at(-1)}); ` +
        'it would fetch them from GitHub',
    );
  }
  const home = tempDir('kubectl-validate');
  try {
    const args = [...files, '--version', version, '--output', 'json'];
    for (const dir of options.localCrds ?? []) args.push('--local-crds', dir);
    const result = await run('kubectl-validate', args, { ...options, env: isolatedEnv(home, undefined, options.env) });
    let report: KubectlValidateResult['report'] = {};
    try {
      report = JSON.parse(result.stdout) as KubectlValidateResult['report'];
    } catch {
      // An argument error prints no report; status and stderr say why.
    }
    return { ...result, report };
  } finally {
    removeDir(home);
  }
}
