/**
 * The try-it-now demo's terminals, without a browser (issue 20 §6). code-server does not hand a
 * terminal its own environment: it runs `$SHELL -i -l -c 'node -p JSON.stringify(process.env)'`
 * in it (a login shell, HOME the demo's home) and takes what that prints, and on Debian the login
 * shell's /etc/profile sets PATH from scratch. The demo's start-up files (`writeDemoShellStartup`)
 * put its commands back in front. Here the environment is built the same way, for bash and sh as
 * `$SHELL`, and what the README tells a person to type runs in the terminal's shell (interactive
 * bash, and a login shell, as a person's own terminal profile may make it): `demo-mfa-code` prints
 * alice's code, `aws sts get-caller-identity` acts as the window's session in both injection modes,
 * with the AWS CLI first on this machine's PATH and with Debian's 2.9, and an `aws` call aimed at
 * AWS stops at the wrapper's proxy on 127.0.0.1.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { sessionEnvironment } from '../../src/core/injection/sessionEnvironment';
import type { InjectionMode } from '../../src/core/injection/ports';
import type { SessionState } from '../../src/core/lifecycle/windowSessions';
import type { RoleSession } from '../../src/core/vocabulary/sessionTypes';
import { CredentialEndpointServer } from '../../src/platform/credentialEndpointServer';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { FakeSessionLogger } from '../support/fakes/fakeSessionLogger';
import { cleanEnv, removeTempDir } from '../../tools/code-server';
import { createWorkbenchHome, demoAwsCli, demoBinDir, sampleAwsFiles, setUpDemo } from '../../tools/code-server/workbenchHome';
import { sample } from './support/fixture';
import { cliV2Available, inParallel, parseJson, run, type ProcessResult } from './support/processes';
import { totp } from './support/totp';

const PARTNER_SESSION_ARN = /^arn:aws:sts::333333333333:assumed-role\/Partner\/demo-terminals$/;
/**
 * What botocore says when a request meant for AWS is stopped on 127.0.0.1, where nothing listens
 * on port 9: at the wrapper's proxy, or (CLIs that read AWS_ENDPOINT_URL, and the SDKs) at the
 * closed endpoint the demo gives every service but STS.
 */
const STOPPED_ON_LOOPBACK = /Failed to connect to proxy URL: "http:\/\/127\.0\.0\.1:9"|Could not connect to the endpoint URL: "http:\/\/127\.0\.0\.1:9\//;
/** Debian's PATH for root, as its /etc/profile sets it. */
const DEBIAN_ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment code-server 4.139 gives a new terminal: what `shell -i -l -c` prints of its
 * environment when started in the server's (its `resolveShellEnv`, between markers as there).
 */
async function terminalEnvironment(shell: string, serverEnv: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const mark = 'c0ffee5e11e11';
  const result = await run(shell, ['-i', '-l', '-c', `'${process.execPath}' -p '"${mark}" + JSON.stringify(process.env) + "${mark}"'`], { env: serverEnv });
  const printed = new RegExp(`${mark}(\\{.*\\})${mark}`).exec(result.stdout);
  assert.ok(printed, `${shell} -i -l -c printed no environment (exit ${result.code}): ${result.stderr}`);
  return JSON.parse(printed[1]) as NodeJS.ProcessEnv;
}

/** The terminal's shell: the default profile's interactive bash, or a login shell a person's profile asks for. */
const TERMINAL_SHELLS: Record<string, string[]> = {
  'interactive bash (the default profile)': ['bash', '-i'],
  'login bash (bash -l)': ['bash', '-i', '-l'],
  'login sh (sh -l)': ['sh', '-i', '-l'],
};

/** Types `command` into a terminal whose shell is `shell` and whose environment is `env`. */
function inTerminal(command: string, env: NodeJS.ProcessEnv, shell = TERMINAL_SHELLS['interactive bash (the default profile)']): Promise<ProcessResult> {
  return run(shell[0], [...shell.slice(1), '-c', command], { env, timeoutMs: 60_000 });
}

/** One `npm start`: its home (start-up files included) and the environment code-server runs in. */
interface Demo {
  readonly home: string;
  readonly serverEnv: NodeJS.ProcessEnv;
}

describe('the try-it-now demo\'s terminals', function () {
  this.timeout(120_000);
  let sts: LocalSts;
  let endpoint: CredentialEndpointServer;
  let session: RoleSession;
  const demos: Demo[] = [];

  /** `npm start` run from a shell whose PATH is `launcherPath`. */
  function startDemo(launcherPath: string): Demo {
    const workbench = createWorkbenchHome({ prefix: 'aws-roles-demo-terminals-', ...sampleAwsFiles(sts.url) });
    const serverEnv = cleanEnv(setUpDemo(workbench, { stsUrl: sts.url, mfaSeed: sample.alice.totpSecret, launcherPath }));
    const demo = { home: workbench.home, serverEnv };
    demos.push(demo);
    return demo;
  }

  /** What the extension puts in a new terminal for `mode` (the same pure function its collection is fed from). */
  function injected(mode: InjectionMode, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const { variables } = sessionEnvironment({ session, mode, endpoint: endpoint.address, inherited: base });
    return { ...base, ...variables };
  }

  before(async () => {
    sts = await startLocalSts({ fixture: sample.fixture });
    // The window's session: a role alice may assume with no MFA code.
    const client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials: sample.alice.keys, maxAttempts: 1 });
    try {
      const answer = await client.send(new AssumeRoleCommand({ RoleArn: sample.roles.partner, RoleSessionName: 'demo-terminals', ExternalId: sample.partnerExternalId }));
      const c = answer.Credentials!;
      session = {
        profileName: 'partner',
        credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! },
        region: 'us-east-1',
        assumedRoleArn: answer.AssumedRoleUser!.Arn!,
        obtainedAt: Date.now(),
        stsCalls: 1,
        notices: [],
      };
    } finally {
      client.destroy();
    }
    const source: { state: SessionState } = { state: { status: 'active', session } };
    endpoint = new CredentialEndpointServer(source, { time: { now: () => Date.now() }, logger: new FakeSessionLogger() });
    await endpoint.start();
  });

  after(async () => {
    for (const demo of demos) removeTempDir(demo.home);
    await endpoint?.stop();
    await sts?.stop();
  });

  it('a new terminal finds the demo\'s aws and demo-mfa-code first, whichever of bash and sh resolves its environment and whether or not it is a login shell', async () => {
    const demo = startDemo(process.env.PATH ?? '');
    const found: Record<string, string> = {};
    for (const resolvingShell of ['bash', 'sh']) {
      const env = await terminalEnvironment(resolvingShell, { ...demo.serverEnv, SHELL: `/bin/${resolvingShell}` });
      for (const [terminal, shell] of Object.entries(TERMINAL_SHELLS)) {
        const result = await inTerminal('command -v aws; command -v demo-mfa-code', env, shell);
        found[`$SHELL ${resolvingShell}, ${terminal}`] = result.stdout.trim();
      }
    }
    const expected = `${path.join(demoBinDir(), 'aws')}\n${path.join(demoBinDir(), 'demo-mfa-code')}`;
    assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((key) => [key, expected])));
  });

  it('demo-mfa-code prints alice\'s current code and the seconds it has left', async () => {
    const demo = startDemo(process.env.PATH ?? '');
    const env = await terminalEnvironment('bash', demo.serverEnv);
    const before = Date.now();
    const result = await inTerminal('demo-mfa-code', env);
    const after = Date.now();
    const line = /MFA code for alice: (\d{6}) \((\d+) s left\)\s+(\S+)/.exec(result.stdout);
    assert.ok(line, `demo-mfa-code printed: ${result.stdout}${result.stderr}`);
    assert.ok([totp(sample.alice.totpSecret, before), totp(sample.alice.totpSecret, after)].includes(line[1]), `${line[1]} is not alice's code now`);
    assert.equal(line[3], sample.alice.mfaSerial);
  });

  /** The AWS CLIs a person may have first on PATH: this machine's first, and Debian's 2.9 alone. */
  const clis: Array<{ label: string; launcherPath: () => string | undefined; version: () => Promise<string | RegExp>; boto3: boolean }> = [
    {
      label: 'the AWS CLI first on this machine\'s PATH',
      launcherPath: () => (demoAwsCli() ? process.env.PATH : undefined),
      // The machine's Python, with boto3, is on this PATH.
      boto3: true,
      version: async () => {
        const result = await run(demoAwsCli()!, ['--version'], { env: cleanEnv() });
        return (result.stdout + result.stderr).trim();
      },
    },
    {
      label: 'Debian\'s AWS CLI 2.9 (/usr/bin/aws)',
      // What npm start sees from a shell whose only AWS CLI is Debian's; its own node runs demo-mfa-code.
      launcherPath: () => (cliV2Available() ? `${path.dirname(process.execPath)}${path.delimiter}${DEBIAN_ROOT_PATH}` : undefined),
      // Debian's Python here has no boto3 (python3-boto3 is not installed).
      boto3: false,
      version: async () => /^aws-cli\/2\./,
    },
  ];

  for (const cli of clis) {
    describe(`with ${cli.label}`, () => {
      let env: NodeJS.ProcessEnv;
      let expectedVersion: string | RegExp;

      before(async function () {
        const launcherPath = cli.launcherPath();
        if (launcherPath === undefined) {
          console.log(`      (skipped: no ${cli.label} on this machine)`);
          this.skip();
        }
        env = await terminalEnvironment('bash', startDemo(launcherPath).serverEnv);
        expectedVersion = await cli.version();
      });

      it('`aws sts get-caller-identity` names the session\'s role, with the keys in the terminal and with the credential endpoint', async () => {
        const modes: InjectionMode[] = ['environment', 'endpoint'];
        const [version, ...identities] = await inParallel(2, [
          () => inTerminal('aws --version 2>&1', env),
          ...modes.map((mode) => () => inTerminal('aws sts get-caller-identity', injected(mode, env))),
        ]);
        const printed = version.stdout.trim();
        if (typeof expectedVersion === 'string') assert.equal(printed, expectedVersion, 'the wrapper runs the CLI next on PATH');
        else assert.match(printed, expectedVersion);
        modes.forEach((mode, i) => {
          const result = identities[i];
          assert.equal(result.code, 0, `${mode} mode: ${result.stderr}`);
          assert.match(parseJson<{ Arn: string }>(result).Arn, PARTNER_SESSION_ARN, `${mode} mode`);
        });
      });

      it(`${cli.boto3 ? 'an `aws` call aimed at AWS, and boto3 calling another service, are' : 'an `aws` call aimed at AWS is'} stopped on 127.0.0.1`, async () => {
        const withSession = injected('environment', env);
        const boto3 = `python3 -c "import boto3; boto3.client('s3', region_name='us-east-1').list_buckets()"`;
        const commands = ['aws sts get-caller-identity --endpoint-url https://sts.amazonaws.com', 'aws s3 ls', ...(cli.boto3 ? [boto3] : [])];
        const results = await inParallel(2, commands.map((command) => () => inTerminal(command, withSession)));
        for (const [i, command] of commands.entries()) {
          assert.notEqual(results[i].code, 0, `${command} succeeded: ${results[i].stdout}`);
          assert.match(results[i].stderr, STOPPED_ON_LOOPBACK, command);
        }
      });
    });
  }
});
