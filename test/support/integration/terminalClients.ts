/**
 * Runs the real clients in a new integrated terminal, as a person would after an assume: the AWS
 * CLI v2 (Debian's) and v1 (the machine Python's), a boto3 one-liner and a Node script with the JS
 * SDK, each printing the ARN GetCallerIdentity names (or `ERROR …` / the CLI's error). STS is the
 * local one, given to each client explicitly (Debian's CLI v2 predates AWS_ENDPOINT_URL_STS); the
 * credentials come only from the terminal's environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { until } from './waits';

export const TERMINAL_CLIENTS = ['cli', 'cliv1', 'js', 'boto3'] as const;

/** The project's JS SDK for STS (out/test/support/integration/ is four floors below the project), for scripts a terminal or debuggee runs. */
export const CLIENT_STS_SDK = path.join(__dirname, '..', '..', '..', '..', 'node_modules', '@aws-sdk', 'client-sts');

export interface TerminalClientsOptions {
  readonly stsUrl: string;
  /** A fresh folder for the scripts and outputs (emptied first). */
  readonly dir: string;
  readonly label: string;
  /** When given, runs between a first and a second round in the same terminal. */
  readonly afterFirstRun?: () => Promise<void>;
  /** The terminal's own variables (`null` removes one it would inherit). */
  readonly env?: Record<string, string | null>;
  /** A terminal already open (one opened as a profile) to run them in, instead of a new one; left open. */
  readonly terminal?: vscode.Terminal;
}

/** The endpoint token a terminal of this run held (round 1), or '' in environment mode. */
export function endpointTokenSeen(dir: string): string {
  const file = path.join(dir, 'endpoint-token-1.txt');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
}

/**
 * The names of the variables a terminal of this run held (round 1), as `env` shows them: names
 * only, so no value (a key, in environment mode) is written to the test's files.
 */
export function environmentNamesSeen(dir: string): string[] {
  const file = path.join(dir, 'env-names-1.txt');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** What each client printed, per round: `{ cli, cliv1, js, boto3 }`. */
export async function clientsInNewTerminal(options: TerminalClientsOptions): Promise<Record<string, string>[]> {
  const { stsUrl, dir: out, label } = options;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const js = `const s=require(${JSON.stringify(CLIENT_STS_SDK)});new s.STSClient({endpoint:process.argv[2]}).send(new s.GetCallerIdentityCommand({})).then(r=>console.log(r.Arn),e=>console.log('ERROR '+e.name+': '+e.message))`;
  const py = "import boto3,sys\ntry: print(boto3.client('sts',endpoint_url=sys.argv[1]).get_caller_identity()['Arn'])\nexcept Exception as e: print('ERROR', type(e).__name__, e)";
  fs.writeFileSync(path.join(out, 'identity.js'), js);
  fs.writeFileSync(path.join(out, 'identity.py'), py);
  const terminal = options.terminal ?? vscode.window.createTerminal({ name: `identity (${label})`, cwd: out, env: options.env });
  const runs: Record<string, string>[] = [];
  try {
    for (let round = 1; round <= (options.afterFirstRun ? 2 : 1); round++) {
      if (round === 2) await options.afterFirstRun!();
      terminal.sendText(
        [
          ...(options.terminal ? [`cd "${out}"`] : []),
          `/usr/bin/aws sts get-caller-identity --endpoint-url ${stsUrl} --query Arn --output text > cli-${round}.txt 2>&1`,
          `python3 -m awscli sts get-caller-identity --endpoint-url ${stsUrl} --query Arn --output text > cliv1-${round}.txt 2>&1`,
          `"${process.execPath}" identity.js ${stsUrl} > js-${round}.txt 2>&1`,
          `python3 identity.py ${stsUrl} > boto3-${round}.txt 2>&1`,
          // What the terminal holds of the endpoint, for the suite's scan for leaked secrets.
          `printenv AWS_CONTAINER_AUTHORIZATION_TOKEN > endpoint-token-${round}.txt`,
          `env | cut -d= -f1 | sort > env-names-${round}.txt`,
          `echo finished > done-${round}.txt`,
        ].join('; '),
      );
      await until(`the terminal ran the four clients (round ${round})`, () => fs.existsSync(path.join(out, `done-${round}.txt`)), 90_000, () => fs.readdirSync(out).join(', '));
      runs.push(Object.fromEntries(TERMINAL_CLIENTS.map((client) => [client, fs.readFileSync(path.join(out, `${client}-${round}.txt`), 'utf8').trim()])));
    }
    return runs;
  } finally {
    if (!options.terminal) terminal.dispose();
  }
}
