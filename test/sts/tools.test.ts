/** The command-line entry, the TOTP printer and fixture validation. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FixtureError, parseFaultSpec, parseFixture } from '../../tools/local-sts';
import { CLI_JS, sample, SAMPLE_FIXTURE, TOTP_JS } from './support/fixture';
import { run } from './support/processes';
import { totp } from './support/totp';

/** Starts the CLI and resolves with its URL (first stdout line) and a line reader. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, [CLI_JS, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const nextLine = async (): Promise<string> => {
    const deadline = Date.now() + 10_000;
    while (lines.length === 0) {
      if (child.exitCode !== null) throw new Error(`cli exited ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no output from cli: ${stderr}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return lines.shift()!;
  };
  const url = await nextLine();
  return { child, url, nextLine, stderr: () => stderr };
}

describe('local STS tools', () => {
  describe('cli.js', () => {
    it('prints its URL, serves, takes fault commands on stdin, and stops cleanly on SIGTERM', async () => {
      const cli = await startCli(['--fixture', SAMPLE_FIXTURE, '--verbose']);
      assert.match(cli.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new STSClient({ endpoint: cli.url, region: 'us-east-1', credentials: sample.alice.keys, maxAttempts: 1 });
      try {
        assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, sample.alice.arn);
        cli.child.stdin.write('fault throttle:1\n');
        assert.equal(await cli.nextLine(), 'ok');
        await assert.rejects(client.send(new GetCallerIdentityCommand({})), { name: 'Throttling' });
        await client.send(new GetCallerIdentityCommand({}));
        cli.child.stdin.write('calls\n');
        assert.deepEqual(JSON.parse(await cli.nextLine()), { GetCallerIdentity: 3 });
      } finally {
        client.destroy();
      }
      const exited = once(cli.child, 'exit');
      cli.child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
      // Verbose lines show the key's last four characters only.
      assert.ok(cli.stderr().includes(`GetCallerIdentity key=…${sample.alice.keys.accessKeyId.slice(-4)} -> 200`), cli.stderr());
      assert.ok(!cli.stderr().includes(sample.alice.keys.accessKeyId));
    });

    it('stops on SIGINT, honours --port and --fault, and rejects bad arguments', async () => {
      const cli = await startCli(['--fixture', SAMPLE_FIXTURE, '--fault', 'internal-error']);
      const port = Number(new URL(cli.url).port);
      const exited = once(cli.child, 'exit');
      const client = new STSClient({ endpoint: cli.url, region: 'us-east-1', credentials: sample.alice.keys, maxAttempts: 1 });
      await assert.rejects(client.send(new GetCallerIdentityCommand({})), { name: 'InternalFailure' });
      client.destroy();
      cli.child.kill('SIGINT');
      assert.equal((await exited)[0], 0);

      const fixed = await startCli(['--fixture', SAMPLE_FIXTURE, '--port', String(port)]);
      assert.equal(fixed.url, `http://127.0.0.1:${port}`);
      const busy = await run(process.execPath, [CLI_JS, '--fixture', SAMPLE_FIXTURE, '--port', String(port)], { env: process.env });
      assert.notEqual(busy.code, 0);
      assert.match(busy.stderr, /EADDRINUSE/);
      fixed.child.kill('SIGTERM');
      await once(fixed.child, 'exit');

      const bad = await run(process.execPath, [CLI_JS, '--fixture', SAMPLE_FIXTURE, '--fault', 'explode'], { env: process.env });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /bad fault "explode"/);
      const missing = await run(process.execPath, [CLI_JS], { env: process.env });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--fixture is required/);
    });
  });

  describe('totp.js', () => {
    it('prints the current code, as an mfa_process would', async () => {
      const before = Date.now();
      const out = await run(process.execPath, [TOTP_JS, sample.alice.totpSecret], { env: process.env });
      const after = Date.now();
      assert.equal(out.code, 0);
      const printed = out.stdout.trim();
      assert.match(printed, /^\d{6}$/);
      assert.ok([totp(sample.alice.totpSecret, before), totp(sample.alice.totpSecret, after)].includes(printed));
      const next = await run(process.execPath, [TOTP_JS, '--next', sample.alice.totpSecret], { env: process.env });
      assert.ok([totp(sample.alice.totpSecret, before + 30_000), totp(sample.alice.totpSecret, Date.now() + 30_000)].includes(next.stdout.trim()));
    });

    it('refuses a secret that is not base32', async () => {
      const out = await run(process.execPath, [TOTP_JS, 'not-base32!'], { env: process.env });
      assert.equal(out.code, 2);
      assert.equal(out.stdout, '');
    });
  });

  describe('fixture and fault parsing', () => {
    it('names the bad entry of an invalid fixture', () => {
      const user = sample.fixture.users[0];
      assert.throws(() => parseFixture({ users: [{ ...user, arn: 'arn:aws:iam::1:user/x' }] }), /users\[0\]: .* is not an IAM user ARN/);
      assert.throws(() => parseFixture({ users: [user, user] }), /duplicate ARN/);
      assert.throws(() => parseFixture({ users: [{ ...user, accessKeys: [{ accessKeyId: 'ASIAXXXXXXXXXXXXXXXX', secretAccessKey: 's' }] }] }), /AKIA/);
      assert.throws(() => parseFixture({ users: [{ ...user, mfaDevices: [{ serialNumber: 's', totpSecret: '0189' }] }] }), /base32/);
      assert.throws(() => parseFixture({ users: [], roles: [{ arn: 'arn:aws:iam::222222222222:role/R', trustedPrincipals: [], maxSessionDuration: 60 }] }),
        /maxSessionDuration/);
      assert.throws(() => parseFixture([]), FixtureError);
    });

    it('parses fault specs of the CLI', () => {
      assert.deepEqual(parseFaultSpec('throttle'), { kind: 'throttle', delayMs: undefined, times: undefined, actions: undefined });
      assert.deepEqual(parseFaultSpec('internal-error:2@AssumeRole,GetSessionToken'),
        { kind: 'internal-error', delayMs: undefined, times: 2, actions: ['AssumeRole', 'GetSessionToken'] });
      assert.deepEqual(parseFaultSpec('delay=1500:1'), { kind: 'delay', delayMs: 1500, times: 1, actions: undefined });
      assert.throws(() => parseFaultSpec('delay'), /bad fault/);
      assert.throws(() => parseFaultSpec('throttle=5'), /bad fault/);
    });
  });
});
