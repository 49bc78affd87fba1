/**
 * Folders as their own profile (issue 22 §2), in a real multi-root VS Code window of three
 * folders: api names `dev-readonly`, infra names `prod` (three hops behind MFA), docs names none.
 * After **Assume Folder Profiles** and a window session of `dev`, three sessions are live at once:
 * a terminal opened in each folder, and F5 in each, acts as that folder's profile, docs as the
 * window's, each checked by the AWS CLI v2 and v1, boto3 and the JS SDK against the local STS.
 * This also proves how VS Code merges the window-wide collection with a folder-scoped one: the
 * folder's entries win for terminals opened in it. Sign Out ends them all.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startLocalSts, totpFor, type Fixture, type LocalSts } from '../../../tools/local-sts';
import type { ExtensionApi } from '../../../src/extension';
import { CLIENT_STS_SDK, clientsInNewTerminal } from '../../support/integration/terminalClients';
import { until } from '../../support/integration/waits';
import { activateExtension, configFile, writeAwsFiles } from '../../support/integration/extension';
import { ALICE, ALICE_CHAIN_ROLES, stsUser } from '../../support/principals';

const workDir = path.dirname(configFile);
const codeFile = path.join(workDir, 'alice-code');

const FIXTURE: Fixture = {
  users: [stsUser(ALICE)],
  roles: [...ALICE_CHAIN_ROLES],
};

function writeProfiles(stsUrl: string): void {
  const printCode = `"${process.execPath}" -e "process.stdout.write(require('fs').readFileSync(process.argv[1], 'utf8'))" "${codeFile}"`;
  const mfa = [`mfa_serial = ${ALICE.device}`, `mfa_process = ${printCode}`];
  writeAwsFiles(
    stsUrl,
    [
      '[profile alice]',
      'region = us-east-1',
      'services = local-sts',
      '[profile dev]',
      'role_arn = arn:aws:iam::222222222222:role/Dev',
      'source_profile = alice',
      ...mfa,
      'services = local-sts',
      'region = us-east-1',
      '[profile staging]',
      'role_arn = arn:aws:iam::333333333333:role/Staging',
      'source_profile = dev',
      'services = local-sts',
      '[profile prod]',
      'role_arn = arn:aws:iam::444444444444:role/Prod',
      'source_profile = staging',
      'services = local-sts',
      'region = eu-west-1',
      '[profile dev-readonly]',
      'role_arn = arn:aws:iam::222222222222:role/DevReadOnly',
      'source_profile = alice',
      ...mfa,
      'services = local-sts',
      'region = eu-central-1',
    ],
    { alice: ALICE },
  );
}

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === name);
  assert.ok(folder, `the window has folder ${name}: ${vscode.workspace.workspaceFolders?.map((candidate) => candidate.name).join(', ')}`);
  return folder;
}

describe('A multi-root window whose folders name their own profiles', function () {
  this.timeout(120_000);

  let api: ExtensionApi;
  let sts: LocalSts;
  const terminals: vscode.Terminal[] = [];

  before(async () => {
    sts = await startLocalSts({ fixture: FIXTURE });
    fs.mkdirSync(workDir, { recursive: true });
    writeProfiles(sts.url);
    fs.writeFileSync(codeFile, `${totpFor(ALICE.seed).generate({ timestamp: Date.now() })}\n`);
    api = await activateExtension();
    await until('the folders\' profiles are read', () => api.folderSessions.profiles.length === 2, 20_000, () => JSON.stringify(api.folderSessions.profiles));
  });

  after(async () => {
    terminals.forEach((terminal) => terminal.dispose());
    await api?.sessions.signOut();
    await sts?.stop();
    fs.rmSync(codeFile, { force: true });
  });

  it('reads each folder\'s own profile, and offers them in the status bar\'s menu until assumed', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 3);
    assert.deepEqual(
      api.folderSessions.profiles.map((folder) => [folder.folderName, folder.profileName]),
      [
        ['api', 'dev-readonly'],
        ['infra', 'prod'],
      ],
    );
    assert.equal(api.folderSessions.offered, true);
  });

  it('Assume Folder Profiles and a window session of dev: three sessions live at once, behind one MFA code', async () => {
    const mark = sts.calls.list().length;
    await vscode.commands.executeCommand('awsRoles.assumeFolderProfiles');
    assert.equal(api.folderSessions.offered, false);
    await api.sessions.assume('dev');
    assert.deepEqual(
      api.held.list().map((view) => [view.profileName, view.places.map((place) => (place.kind === 'folder' ? place.folderName : place.kind))]),
      [
        ['dev-readonly', ['api']],
        ['prod', ['infra']],
      ],
    );
    assert.equal(sts.calls.list().slice(mark).filter((call) => call.action === 'GetSessionToken').length, 1, 'one MFA session for all three');
    await until('the status bar counts the folders\' sessions', () => /^\$\(shield\) dev · .+ \+2$/.test(api.statusBar.item.text), 10_000, () => api.statusBar.item.text);
    const infraRow = (await api.profileView.provider.getChildren()).find((node) => 'profile' in node && node.profile.name === 'prod');
    assert.ok(infraRow);
    assert.match(String(api.profileView.provider.getTreeItem(infraRow).description), /^in folder infra - (1 h )?\d+ min left - /);
  });

  it('a terminal opened in each folder acts as that folder\'s profile, and docs as the window\'s: every client agrees', async function () {
    // Three rounds of four clients, each bounded by its own wait.
    this.timeout(360_000);
    const expected: Record<string, RegExp> = {
      api: /^arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//,
      infra: /^arn:aws:sts::444444444444:assumed-role\/Prod\//,
      docs: /^arn:aws:sts::222222222222:assumed-role\/Dev\//,
    };
    for (const name of Object.keys(expected)) {
      const folder = folderNamed(name);
      const terminal = vscode.window.createTerminal({ name: `in ${name}`, cwd: folder.uri });
      terminals.push(terminal);
      const [seen] = await clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, `terminal-${name}`), label: name, terminal });
      for (const [client, arn] of Object.entries(seen)) assert.match(arn, expected[name], `${client} in a terminal of folder ${name}: ${arn}`);
    }
  });

  it("F5 in each folder: the debuggee acts as that folder's profile, docs as the window's", async function () {
    this.timeout(240_000);
    const out = path.join(workDir, 'debuggee');
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'app.js'),
      `const s = require(${JSON.stringify(CLIENT_STS_SDK)});\n` +
        `new s.STSClient({ endpoint: ${JSON.stringify(sts.url)}, region: 'us-east-1', maxAttempts: 1 }).send(new s.GetCallerIdentityCommand({}))\n` +
        `  .then((r) => require('fs').writeFileSync(process.argv[2], r.Arn), (e) => require('fs').writeFileSync(process.argv[2], 'ERROR ' + e.name));\n`,
    );
    const expected: Record<string, RegExp> = { api: /assumed-role\/DevReadOnly\//, infra: /assumed-role\/Prod\//, docs: /assumed-role\/Dev\// };
    for (const name of Object.keys(expected)) {
      const file = path.join(out, `${name}.txt`);
      const started = await vscode.debug.startDebugging(folderNamed(name), { type: 'node', request: 'launch', name: `F5 in ${name}`, program: path.join(out, 'app.js'), args: [file], console: 'internalConsole' });
      assert.ok(started, `the Node debugger started in ${name}`);
      await until(`the debuggee of ${name} wrote its identity`, () => fs.existsSync(file), 90_000, () => fs.readdirSync(out).join(', '));
      assert.match(fs.readFileSync(file, 'utf8'), expected[name], `F5 in folder ${name}`);
    }
  });

  it('Sign Out ends them all: the folders offer their profiles again, and a new terminal in infra acts as nobody', async function () {
    this.timeout(180_000);
    await vscode.commands.executeCommand('awsRoles.signOut');
    assert.deepEqual(api.held.list(), []);
    await until('the folders offer their profiles again', () => api.folderSessions.offered, 10_000, () => JSON.stringify(api.folderSessions.profiles));
    const terminal = vscode.window.createTerminal({ name: 'in infra, signed out', cwd: folderNamed('infra').uri });
    terminals.push(terminal);
    const [seen] = await clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, 'terminal-infra-signed-out'), label: 'infra, signed out', terminal });
    for (const [client, output] of Object.entries(seen)) assert.doesNotMatch(output, /^arn:aws:sts::/, `${client} still acted as a role after Sign Out`);
  });
});
