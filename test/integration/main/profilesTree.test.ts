/**
 * The Profiles tree inside a real VS Code: what a user sees for their AWS files, how it follows
 * edits to those files, and where "Open in Config File" lands. The harness points
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at files in a temporary folder.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ProfileTreeNode } from '../../../src/tree/profileNodes';
import { activateExtension, configFile, credentialsFile } from '../../support/integration/extension';


const CONFIG = `# Sample config for the tree tests
[default]
region = eu-west-1

[profile dev]
role_arn = arn:aws:iam::222222222222:role/Developer
source_profile = default
mfa_serial = arn:aws:iam::111111111111:mfa/alice
region = eu-central-1

[profile staging]
role_arn = arn:aws:iam::333333333333:role/Staging
source_profile = dev

[profile prod]
role_arn = arn:aws:iam::444444444444:role/Prod
source_profile = staging
duration_seconds = 7200

[profile orphan]
role_arn = arn:aws:iam::555555555555:role/Orphan
source_profile = ghost

[profile loop-a]
role_arn = arn:aws:iam::777777777777:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::777777777777:role/B
source_profile = loop-a
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIAEXAMPLEDEFAULTAB12
aws_secret_access_key = do-not-show-this-secret
`;

interface ShownItem {
  label: string;
  description: string;
  icon: string;
  contextValue: string;
  tooltip: string;
  /** True when the item carried its tooltip before it was hovered. */
  tooltipUpFront: boolean;
}

let api: ExtensionApi;

async function shown(node?: ProfileTreeNode): Promise<ShownItem[]> {
  const provider = api.profileView.provider;
  const children = await provider.getChildren(node);
  return Promise.all(children.map(async (child) => {
    const item = provider.getTreeItem(child);
    const tooltipUpFront = item.tooltip !== undefined;
    // What VS Code does on hover: the provider fills in the tooltip then.
    const hovered = (await provider.resolveTreeItem(item, child)) ?? item;
    // Read the Markdown as a person sees it: appendText escapes spaces and punctuation.
    const markdown = hovered.tooltip instanceof vscode.MarkdownString ? hovered.tooltip.value : String(hovered.tooltip ?? '');
    const tooltip = markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: String(item.description ?? ''),
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : String(item.iconPath),
      contextValue: item.contextValue ?? '',
      tooltip,
      tooltipUpFront,
    };
  }));
}

async function rootNode(label: string): Promise<ProfileTreeNode> {
  const provider = api.profileView.provider;
  for (const child of await provider.getChildren()) {
    if (provider.getTreeItem(child).label === label) return child;
  }
  assert.fail(`no root node labelled ${label}`);
}

/** How long the tests wait for the file watcher: it takes about 350 ms, a busy machine longer. */
const WATCHER_DEADLINE_MS = 20_000;

/** Resolves when the tree announces a change, rejecting after `ms`. */
function treeChange(ms: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the tree did not refresh within ${ms} ms`));
    }, ms);
    const subscription = api.profileView.provider.onDidChangeTreeData(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(Date.now() - started);
    });
  });
}

/** Resolves once the tree's labels are `labels`, failing after the watcher's deadline. */
async function eventuallyShown(labels: string[]): Promise<void> {
  const deadline = Date.now() + WATCHER_DEADLINE_MS;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = (await shown()).map((item) => item.label);
    if (JSON.stringify(last) === JSON.stringify(labels)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(last, labels, `the tree did not show ${labels.join(', ')} within ${WATCHER_DEADLINE_MS} ms`);
}

/** Resolves once the tree has announced no change for `ms`. */
async function treeQuiet(ms: number): Promise<void> {
  for (;;) {
    const changed = await treeChange(ms).then(
      () => true,
      () => false,
    );
    if (!changed) return;
  }
}

function writeFiles(config: string | undefined, credentials: string | undefined): void {
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  for (const [file, text] of [[configFile, config], [credentialsFile, credentials]] as const) {
    if (text === undefined) fs.rmSync(file, { force: true, recursive: true });
    else fs.writeFileSync(file, text);
  }
}

describe('Profiles tree', function () {
  // Each wait inside has its own deadline (WATCHER_DEADLINE_MS); this only bounds a test as a whole.
  this.timeout(90_000);

  before(async () => {
    assert.ok(configFile && credentialsFile, 'the harness sets AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE');
    writeFiles(undefined, undefined);
    api = await activateExtension();
  });

  after(() => writeFiles(undefined, undefined));

  it('is empty (so the welcome view shows) when there are no AWS files', async () => {
    await api.profileStore.reload();
    assert.deepEqual(await shown(), []);
  });

  it('refreshes on its own when the files appear', async () => {
    // The watcher polls every 250 ms and settles for 100 ms: well under a second on an idle
    // machine. The deadline is wide so that a busy one passes too; the time is in the log.
    const change = treeChange(WATCHER_DEADLINE_MS);
    writeFiles(CONFIG, CREDENTIALS);
    console.log(`      (the tree refreshed ${await change} ms after the files appeared)`);
    const labels = (await shown()).map((item) => item.label);
    assert.deepEqual(labels, ['default', 'dev', 'loop-a', 'loop-b', 'orphan', 'prod', 'staging']);
  });

  it('shows each profile with its kind, account, role and region, and problems with an error icon', async () => {
    const items = Object.fromEntries((await shown()).map((item) => [item.label, item]));
    assert.equal(items.default.icon, 'key');
    assert.equal(items.default.description, "static keys ...AB12 - eu-west-1 - session of default's keys, 12 h", 'what assuming it gives: a session, never the keys');
    assert.equal(items.dev.icon, 'shield');
    assert.equal(items.dev.description, '222222222222 - Developer - eu-central-1 - MFA');
    assert.match(items.dev.tooltip, /MFA device: arn:aws:iam::111111111111:mfa\/alice/);
    assert.match(items.dev.tooltip, new RegExp(`Defined in: ${configFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5`));
    assert.equal(items.orphan.icon, 'error');
    // The row says what kind of problem in a few words; the tooltip (and the child row) says it all.
    assert.equal(items.orphan.description, 'source profile missing');
    assert.match(items.orphan.tooltip, /The source_profile "ghost" referenced in the profile "orphan" does not exist/);
    assert.equal(items['loop-a'].icon, 'error');
    assert.equal(items['loop-a'].description, 'source_profile cycle');
    assert.match(items['loop-a'].tooltip, /Detected a cycle .* Profiles visited: loop-a → loop-b → loop-a\. Point/);
    assert.equal(items.prod.icon, 'warning', 'a chained duration over an hour is a warning');
    assert.equal(items.prod.description, '444444444444 - Prod - MFA', 'an MFA device further down the chain counts');
    assert.equal(items.default.description, "static keys ...AB12 - eu-west-1 - session of default's keys, 12 h", 'no MFA mark without an MFA device');
    for (const item of Object.values(items)) {
      assert.equal(item.tooltipUpFront, false, `${item.label} builds its tooltip on hover, not up front`);
      assert.ok(!item.tooltip.includes('do-not-show-this-secret'), `${item.label}'s tooltip shows no secret`);
      assert.ok(!item.tooltip.includes('AKIAEXAMPLEDEFAULTAB12'), `${item.label}'s tooltip shows no full key id`);
    }
  });

  it('expands a role into its chain, hop by hop, down to the root credentials', async () => {
    const hops = await shown(await rootNode('prod'));
    assert.deepEqual(
      hops.map((hop) => [hop.label, hop.description, hop.icon]),
      [
        ['Profile "prod" asks for duration_seconds = 7200, but it is assumed with temporary credentials (role chaining), which STS limits to 3600 seconds; the session will last one hour.', '', 'warning'],
        ['1. staging', '333333333333 - Staging - chained', 'shield'],
        ['2. dev', '222222222222 - Developer', 'shield'],
        ['3. default', 'static keys ...AB12 - root', 'key'],
      ],
    );
    // The root's keys are in the credentials file: that is where the hop is defined.
    assert.match(hops[3].tooltip, new RegExp(`Defined in ${credentialsFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1`));
    const orphan = await shown(await rootNode('orphan'));
    assert.equal(orphan[0].icon, 'error');
    assert.match(orphan[0].label, /^The source_profile "ghost" referenced in the profile "orphan" does not exist/);
    assert.equal(orphan[0].description, '', 'the child row does not repeat the message');
    assert.match(orphan[0].tooltip, /^Error: source profile missing\nThe source_profile "ghost"/);
  });

  it('opens the config file at the profile\'s line, and at a problem\'s line', async () => {
    const provider = api.profileView.provider;
    const staging = await rootNode('staging');
    assert.match(provider.getTreeItem(staging).contextValue ?? '', /\blocated\b/);
    await vscode.commands.executeCommand('awsRoles.openInConfigFile', staging);
    let editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.fsPath, configFile);
    assert.equal(editor.selection.active.line, 10);
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, '[profile staging]');

    const problem = (await provider.getChildren(await rootNode('orphan')))[0];
    const command = provider.getTreeItem(problem).command;
    assert.ok(command, 'clicking a problem opens its place');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.lineAt(editor.selection.active.line).text, 'source_profile = ghost');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows edits: a fixed profile loses its error, a removed one disappears', async () => {
    const change = treeChange(WATCHER_DEADLINE_MS);
    writeFiles(CONFIG.replace('source_profile = ghost', 'source_profile = default').replace(/\[profile loop-a\][^]*$/, ''), CREDENTIALS);
    await change;
    const items = await shown();
    assert.deepEqual(items.map((item) => item.label), ['default', 'dev', 'orphan', 'prod', 'staging']);
    assert.equal(items[2].icon, 'shield');
  });

  it('narrows the tree with the filter and says how many match', async () => {
    api.profileTreeModel.setFilter('STAG');
    await api.profileView.update();
    assert.deepEqual((await shown()).map((item) => item.label), ['staging']);
    assert.equal(api.profileView.treeView.description, '1 of 5 match "STAG"');
    assert.equal(api.profileView.treeView.message, 'Showing 1 of 5 profiles that match "STAG".');
    api.profileTreeModel.setFilter('nothing-like-this');
    await api.profileView.update();
    assert.deepEqual(await shown(), []);
    assert.equal(api.profileView.treeView.message, 'No profile matches "nothing-like-this".');
    await vscode.commands.executeCommand('awsRoles.clearProfileFilter');
    await api.profileView.update();
    assert.equal((await shown()).length, 5);
    assert.equal(api.profileView.treeView.description, undefined);
    assert.equal(api.profileView.treeView.message, undefined);
  });

  it('shows an unreadable file as a problem at the top and keeps the other file\'s profiles', async () => {
    const change = treeChange(WATCHER_DEADLINE_MS);
    fs.rmSync(configFile);
    fs.mkdirSync(configFile);
    await change;
    const items = await shown();
    assert.equal(items[0].icon, 'error');
    assert.match(items[0].label, /cannot be read \(it is a folder, not a file\)/);
    assert.deepEqual(items.slice(1).map((item) => item.label), ['default']);
    fs.rmSync(configFile, { recursive: true });
  });

  it('refreshes from the title-bar command at once, without waiting for the watcher', async () => {
    const first = treeChange(WATCHER_DEADLINE_MS);
    writeFiles('[profile only]\nregion = us-east-1\n', undefined);
    await first;
    assert.deepEqual((await shown()).map((item) => item.label), ['only']);
    // The command reads the files before it returns; the watcher would need 350 ms at least.
    fs.writeFileSync(configFile, '[profile else]\nregion = us-east-1\n');
    await vscode.commands.executeCommand('awsRoles.refreshProfiles');
    const items = await shown();
    assert.deepEqual(items.map((item) => [item.label, item.icon]), [['else', 'warning']]);
    assert.match(items[0].tooltip, /yields no credentials/);
  });

  it('sees an edit that keeps the file\'s size and modification time (as `cp -p` or a restore does)', async () => {
    const fixedTime = new Date('2020-01-01T00:00:00Z');
    fs.writeFileSync(configFile, '[profile aaaa]\nregion = us-east-1\n');
    fs.utimesSync(configFile, fixedTime, fixedTime);
    await eventuallyShown(['aaaa']);
    // Let every refresh of that write pass, so the next one can only come from the next edit.
    await treeQuiet(1_500);
    fs.writeFileSync(configFile, '[profile bbbb]\nregion = us-east-1\n');
    fs.utimesSync(configFile, fixedTime, fixedTime);
    await eventuallyShown(['bbbb']);
  });
});
