/**
 * Command-line entry of the local STS:
 *
 *   node out/tools/local-sts/cli.js --fixture FILE [--port N] [--lifetime SECONDS]
 *        [--max-skew SECONDS] [--fault SPEC] [--verbose]
 *
 * Prints the endpoint URL as the first line on stdout, then serves until
 * SIGINT/SIGTERM (or stdin's `quit`). Faults can be switched while it runs by
 * writing lines to stdin: `fault throttle:3`, `fault delay=2000`,
 * `fault clear`, `unreachable`, `reachable`, `revoke ROLE_OR_USER_ARN`
 * (IAM's "Revoke active sessions"), `calls` (prints per-action counts
 * as JSON). When the fixture has an `identityCenter` block, the same address
 * serves IAM Identity Center too, and `approve USER_CODE [USER]` approves a
 * waiting device code as USER (default: the block's first user) without a
 * browser, printing `ok` or `not waiting`. Request lines (with `--verbose`) go
 * to stderr and never contain secrets, tokens or MFA codes; access key ids
 * appear as their last 4 chars.
 */
import { createInterface } from 'node:readline';
import { parseFaultSpec, type FaultSpec } from './faults';
import { startLocalSts, type LocalSts } from './server';

interface CliOptions {
  fixture: string;
  port: number;
  lifetimeSeconds?: number;
  maxClockSkewSeconds?: number;
  fault?: FaultSpec;
  verbose: boolean;
}

const USAGE =
  'usage: cli.js --fixture FILE [--port N] [--lifetime SECONDS] [--max-skew SECONDS] [--fault SPEC] [--verbose]';

function parseArgs(argv: string[]): CliOptions {
  const options: Partial<CliOptions> = { port: 0, verbose: false };
  const number = (flag: string, text: string | undefined): number => {
    const n = Number(text);
    if (text === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '--fixture': options.fixture = value(); break;
      case '--port': options.port = number(flag, value()); break;
      case '--lifetime': options.lifetimeSeconds = number(flag, value()); break;
      case '--max-skew': options.maxClockSkewSeconds = number(flag, value()); break;
      case '--fault': options.fault = parseFaultSpec(value() ?? ''); break;
      case '--verbose': options.verbose = true; break;
      case '--help': case '-h': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  if (!options.fixture) throw new Error('--fixture is required');
  return options as CliOptions;
}

function countsByAction(sts: LocalSts): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of sts.calls.list()) counts[c.action || '-'] = (counts[c.action || '-'] ?? 0) + 1;
  return counts;
}

/** `approve USER_CODE [USER]`: what a person does on the device page, for one without a browser. */
function approve(sts: LocalSts, userCode: string | undefined, user: string | undefined): string {
  const identityCenter = sts.identityCenter;
  if (!identityCenter) return 'no Identity Center: the fixture has no "identityCenter" block';
  if (!userCode) return 'usage: approve USER_CODE [USER]';
  const userName = user ?? identityCenter.userNames[0];
  if (userName === undefined) return 'no Identity Center user to approve as';
  if (!identityCenter.userNames.includes(userName)) return `unknown user ${userName}: one of ${identityCenter.userNames.join(', ')}`;
  // Codes are shown in capitals (ABCD-EFGH); a person may type them in lower case.
  return identityCenter.approveDevice(userCode.toUpperCase(), userName) ? 'ok' : 'not waiting';
}

async function command(sts: LocalSts, line: string): Promise<string> {
  const [verb, arg, arg2] = line.trim().split(/\s+/, 3);
  switch (verb) {
    case '': return '';
    case 'fault':
      if (arg === 'clear') sts.faults.clear();
      else sts.faults.set(parseFaultSpec(arg ?? ''));
      return 'ok';
    case 'unreachable': await sts.faults.unreachable(); return 'ok';
    case 'reachable': await sts.faults.reachable(); return 'ok';
    case 'revoke': sts.revokeSessions(arg ?? ''); return 'ok';
    case 'calls': return JSON.stringify(countsByAction(sts));
    case 'approve': return approve(sts, arg, arg2);
    case 'quit': process.kill(process.pid, 'SIGTERM'); return 'ok';
    default: return `unknown command ${verb}`;
  }
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`local-sts: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const sts = await startLocalSts({
    fixture: options.fixture,
    port: options.port,
    lifetimeSeconds: options.lifetimeSeconds,
    maxClockSkewSeconds: options.maxClockSkewSeconds,
    log: options.verbose ? (line) => process.stderr.write(`local-sts: ${line}\n`) : undefined,
  });
  if (options.fault) sts.faults.set(options.fault);
  process.stdout.write(`${sts.url}\n`);
  if (sts.identityCenter) {
    process.stderr.write(`local-sts: IAM Identity Center too, at the same address (users: ${sts.identityCenter.userNames.join(', ')}); stdin \`approve USER_CODE [USER]\` approves a device code\n`);
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sts.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const input = createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    command(sts, line).then(
      (reply) => reply && process.stdout.write(reply + '\n'),
      (e: Error) => process.stdout.write(`error: ${e.message}\n`),
    );
  });
}

main().catch((e: Error) => {
  process.stderr.write(`local-sts: ${e.message}\n`);
  process.exitCode = 1;
});
