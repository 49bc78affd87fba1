/** Running real client processes (AWS CLIs, Python) with isolated AWS homes. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Result of a finished process. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion. It starts in a new session (detached), so it
 * has no controlling terminal: the CLIs' MFA prompt (getpass) then reads the
 * code from stdin instead of blocking on /dev/tty when tests run in a terminal.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: true, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A program that never reads its input (an interactive shell given `-c`) may close it before
    // this write lands, most often on a busy machine: its output and exit code are the result, so
    // that EPIPE is no failure of its own.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Runs async jobs with at most `limit` at a time (2 cores: CLIs are CPU-bound at start-up). */
export async function inParallel<T>(limit: number, jobs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/** A temporary HOME with its own AWS config and credentials files. */
export interface AwsHome {
  readonly dir: string;
  /** Environment for clients: only this home's files, no inherited AWS_* settings. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  remove(): void;
}

/** Creates an isolated AWS home; `config` and `credentials` are file contents. */
export function makeAwsHome(files: { config?: string; credentials?: string }): AwsHome {
  const dir = mkdtempSync(path.join(tmpdir(), 'local-sts-home-'));
  mkdirSync(path.join(dir, '.aws'));
  const configFile = path.join(dir, '.aws', 'config');
  const credentialsFile = path.join(dir, '.aws', 'credentials');
  writeFileSync(configFile, files.config ?? '');
  writeFileSync(credentialsFile, files.credentials ?? '');
  return {
    dir,
    env(extra = {}) {
      const base: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) {
        if (!k.startsWith('AWS_') && k !== 'HOME') base[k] = v;
      }
      const env: NodeJS.ProcessEnv = {
        ...base,
        HOME: dir,
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_REGION: 'us-east-1',
        AWS_PAGER: '',
        PYTHONWARNINGS: 'ignore',
      };
      for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) delete env[k];
        else env[k] = v;
      }
      return env;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Environment variables handing a set of credentials to a process. */
export function credentialEnv(keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_SESSION_TOKEN: keys.sessionToken,
  };
}

/** The AWS CLI v2 (Debian's), used explicitly by path. */
export const AWS_CLI_V2 = '/usr/bin/aws';

/** Whether the CLI v2 binary is installed (CI installs it; skip only when absent). */
export function cliV2Available(): boolean {
  return existsSync(AWS_CLI_V2);
}

/** The Python on PATH (3.11 here, carrying boto3, moto and the CLI v1). */
export const PYTHON = 'python3';

/** The AWS CLI v1 in the Python's own bin directory, if there. */
export function cliV1Path(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const candidate = path.join(r.stdout.trim(), 'bin', 'aws');
  if (!existsSync(candidate)) return undefined;
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return /aws-cli\/1\./.test(version.stdout + version.stderr) ? candidate : undefined;
}

/** Parses JSON printed by a client, with the process output in the error if it is not JSON. */
export function parseJson<T = Record<string, unknown>>(result: ProcessResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`expected JSON output, got exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}
