/**
 * VS Code started with `AWS_PROFILE=other` (a profile with carol's keys), as happens when someone
 * exports it in the shell they start VS Code from. What the clients in its terminals do is what
 * `shared/notes/aws-facts.md` measured: environment keys win over `AWS_PROFILE` for the AWS CLI
 * and boto3, the JS SDK follows the profile, and the container endpoint loses to it everywhere.
 * The extension says so once, and a terminal opened without `AWS_PROFILE` (what its warning
 * offers) acts as the session for every client, in both modes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { startLocalSts, type Fixture, type LocalSts } from '../../../tools/local-sts';
import { clientsInNewTerminal } from '../../support/integration/terminalClients';
import { activateExtension, configFile, writeAwsFiles } from '../../support/integration/extension';
import { ALICE, CAROL, stsUser } from '../../support/principals';

const workDir = path.dirname(configFile);

const PLAIN_ROLE = 'arn:aws:iam::222222222222:role/Plain';

const FIXTURE: Fixture = {
  users: [stsUser(ALICE, { mfa: false }), stsUser(CAROL, { mfa: false })],
  roles: [{ arn: PLAIN_ROLE, trustedPrincipals: [ALICE.arn], maxSessionDuration: 3600 }],
};

describe('VS Code started with AWS_PROFILE=other', function () {
  this.timeout(180_000);

  let api: ExtensionApi;
  let sts: LocalSts;

  const clients = (label: string, env?: Record<string, string | null>) => clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, `terminal-${label}`), label, env }).then((runs) => runs[0]);
  const setMode = async (mode: 'environment' | 'endpoint' | undefined) => {
    await vscode.workspace.getConfiguration('awsRoles').update('injection', mode, vscode.ConfigurationTarget.Global);
    await api.injector.refresh('settings');
  };

  before(async () => {
    assert.equal(process.env.AWS_PROFILE, 'other', 'the harness starts this window with AWS_PROFILE=other');
    sts = await startLocalSts({ fixture: FIXTURE });
    fs.mkdirSync(workDir, { recursive: true });
    writeAwsFiles(
      sts.url,
      ['[profile alice]', 'region = us-east-1', '[profile plain]', `role_arn = ${PLAIN_ROLE}`, 'source_profile = alice', 'services = local-sts', 'region = us-east-1', '[profile other]', 'region = us-east-1'],
      { alice: ALICE, other: CAROL },
    );
    api = await activateExtension({ reload: true });
  });

  after(async () => {
    await setMode(undefined);
    await api?.sessions.signOut();
    await sts?.stop();
  });

  it('environment mode: the AWS CLI and boto3 take the keys, the JS SDK follows AWS_PROFILE; a terminal without AWS_PROFILE acts as the session everywhere', async () => {
    const session = await api.sessions.assume('plain');
    await api.injector.refresh('settings');
    const seen = await clients('environment');
    for (const client of ['cli', 'cliv1', 'boto3']) assert.equal(seen[client], session.assumedRoleArn, `${client}: environment keys win over AWS_PROFILE`);
    // The JS SDK says so itself, on stderr, before it prints the identity.
    assert.match(seen.js, /Both AWS_PROFILE and the pair AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY static credentials are set/);
    assert.equal(seen.js.split('\n').pop(), CAROL.arn, 'the JS SDK uses the profile AWS_PROFILE names, as measured');
    const without = await clients('environment-no-profile', { AWS_PROFILE: null, AWS_DEFAULT_PROFILE: null });
    for (const [client, arn] of Object.entries(without)) assert.equal(arn, session.assumedRoleArn, `${client} in a terminal without AWS_PROFILE`);
  });

  it('endpoint mode: every client follows AWS_PROFILE; without it, every client asks the endpoint', async () => {
    const session = api.sessions.current!;
    await setMode('endpoint');
    try {
      const seen = await clients('endpoint');
      for (const [client, arn] of Object.entries(seen)) assert.equal(arn, CAROL.arn, `${client}: AWS_PROFILE wins over the endpoint`);
      const without = await clients('endpoint-no-profile', { AWS_PROFILE: null, AWS_DEFAULT_PROFILE: null });
      for (const [client, arn] of Object.entries(without)) assert.equal(arn, session.assumedRoleArn, `${client} through the endpoint in a terminal without AWS_PROFILE`);
    } finally {
      await setMode(undefined);
    }
  });

  it('says so once, plainly, in the log (and in a notification with "Open Terminal Without AWS_PROFILE")', async () => {
    const userDataDir = process.env.AWS_ROLE_SESSIONS_TEST_USER_DATA ?? '';
    let text = '';
    for (let tries = 0; tries < 50 && !text.includes('AWS_PROFILE=other'); tries++) {
      const file = fs.readdirSync(userDataDir, { recursive: true, encoding: 'utf8' }).find((name) => name.endsWith('AWS Role Sessions.log'));
      text = file ? fs.readFileSync(path.join(userDataDir, file), 'utf8') : '';
      if (!text.includes('AWS_PROFILE=other')) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const warnings = text.split('\n').filter((line) => line.includes('AWS_PROFILE=other is set in VS Code'));
    assert.equal(warnings.length, 1, `warned once: ${warnings.join(' | ')}`);
    assert.match(warnings[0], /the JS SDK uses profile other/);
  });
});
