import { spawnSync } from 'node:child_process';
import { requireBinary } from './binaries';

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI such as `promtool` or `amtool` to completion (bounded by `timeoutMs`). */
export function runTool(
  name: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {},
): ToolResult {
  const result = spawnSync(requireBinary(name), args, {
    cwd: options.cwd,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
