import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTEXT_KEYS, DEFAULT_INJECTION_MODE, DEFAULT_MFA_SESSION_SECONDS, DEFAULT_RENEW_BEFORE_SECONDS, DEFAULT_WARN_BEFORE_SECONDS, ENDPOINT_PORTS, SETTINGS, VIEW_PROFILES } from '../../src/constants';
import { SCREENSHOT_CROPS } from '../harness/screenshotCrops';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Every file under media/ that package.json names anywhere (icon, view icons, walkthrough images), normalised to `media/…`. */
function mediaNamedByManifest(value: unknown = manifest): string[] {
  if (typeof value === 'string') return /^(\.\/)?media\//.test(value) ? [value.replace(/^\.\//, '')] : [];
  if (Array.isArray(value)) return value.flatMap((item) => mediaNamedByManifest(item));
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap((item) => mediaNamedByManifest(item));
  return [];
}

describe('package.json and src/constants.ts agree', () => {
  it('contributes exactly the commands the code names, each with the AWS Roles category', () => {
    const contributed = (manifest.contributes.commands as { command: string; category: string }[]);
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    for (const command of contributed) assert.equal(command.category, 'AWS Roles', command.command);
  });

  it('names the view, the context keys and the settings the code uses', () => {
    const text = JSON.stringify(manifest.contributes);
    assert.ok(text.includes(`"id":"${VIEW_PROFILES}"`));
    for (const key of Object.values(CONTEXT_KEYS)) assert.ok(text.includes(key), key);
    assert.ok(manifest.contributes.configuration.properties[`${SETTINGS.section}.${SETTINGS.mfaSessionDuration}`]);
  });

  it('contributes every setting the code reads, with the default the code falls back to', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const { section, ...keys } = SETTINGS;
    const expectedDefaults: Record<keyof typeof keys, unknown> = {
      mfaSessionDuration: DEFAULT_MFA_SESSION_SECONDS,
      warnBefore: DEFAULT_WARN_BEFORE_SECONDS,
      autoRenew: true,
      renewBefore: DEFAULT_RENEW_BEFORE_SECONDS,
      statusBarShowWhenIdle: true,
      injection: DEFAULT_INJECTION_MODE,
      injectIntoTerminals: true,
      injectIntoDebug: true,
      profile: '',
      autoAssumeWorkspaceProfile: false,
      allowLongTermKeys: [],
      readOnlyPolicies: {},
      identityCenterSignInFlow: 'auto',
      identityCenterShareWithAwsCli: false,
    };
    assert.deepEqual(
      Object.keys(properties).sort(),
      Object.values(keys).map((key) => `${section}.${key}`).sort(),
      'package.json contributes exactly the settings in SETTINGS',
    );
    for (const [name, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
      assert.deepEqual(properties[`${section}.${key}`].default, expectedDefaults[name], key);
    }
  });

  it('activates after start-up, never with "*": the kept session comes back without slowing the window\'s start', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
  });

  it("keeps the credential endpoint's ports out of VS Code's automatic port forwarding, and only those", () => {
    // VS Code 1.91 and later merge this default with its own and other extensions' (microsoft/vscode
    // #217179); 1.90 let the last extension's default replace the setting's whole default, so
    // VS Code's own two entries are repeated here to keep them on 1.90.
    assert.deepEqual(manifest.contributes.configurationDefaults, {
      'remote.portsAttributes': {
        '443': { protocol: 'https' },
        '8443': { protocol: 'https' },
        [`${ENDPOINT_PORTS.first}-${ENDPOINT_PORTS.last}`]: { onAutoForward: 'ignore' },
      },
    });
  });
});

/**
 * The AWS SDK runs inside VS Code's extension host, on the Node that VS Code ships, not on the
 * Node that builds or tests it. The SDK's releases after the first week of January 2027 need
 * Node 22 (it warns about this in the test output on Node 20). VS Code 1.101 is the first whose
 * extension host runs Node 22 (1.90 to 1.100 run Node 20), so taking such a release means
 * raising `engines.vscode` too; this test fails until both move together.
 */
describe('what a workspace\'s settings can steer', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
  /**
   * Every setting is in one of three places, so a new one must be placed on purpose: a user
   * setting only (a workspace never sets it), ignored in an untrusted workspace, or harmless in a
   * repository's hands (it changes when or how we tell the user, never whose credentials or where
   * they go).
   */
  const userOnly = ['awsRoles.mfaSessionDuration', 'awsRoles.autoAssumeWorkspaceProfile', 'awsRoles.allowLongTermKeys', 'awsRoles.readOnlyPolicies', 'awsRoles.identityCenter.shareSignInWithAwsCli'];
  const ignoredWhenUntrusted = ['awsRoles.profile', 'awsRoles.injection', 'awsRoles.injectIntoTerminals', 'awsRoles.injectIntoDebug'];
  const harmless = ['awsRoles.warnBefore', 'awsRoles.autoRenew', 'awsRoles.renewBefore', 'awsRoles.statusBar.showWhenIdle', 'awsRoles.identityCenter.signInFlow'];

  it('places every setting: user-only, ignored in an untrusted workspace, or harmless there', () => {
    assert.deepEqual(Object.keys(properties).sort(), [...userOnly, ...ignoredWhenUntrusted, ...harmless].sort());
  });

  it('keeps the user-only settings out of every workspace: an untrusted repository cannot stretch MFA sessions to 36 hours nor turn on assuming by itself', () => {
    for (const key of userOnly) assert.ok(['application', 'machine'].includes(properties[key]?.scope ?? 'window'), `${key} has scope ${properties[key]?.scope ?? 'window'}`);
  });

  it('declares limited support for untrusted workspaces, restricting the role, the injection mode and where credentials go', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...restricted].sort(), [...ignoredWhenUntrusted].sort());
    for (const key of restricted) assert.match(manifest.capabilities.untrustedWorkspaces.description, new RegExp(`\`${key.replace('.', '\\.')}\``), key);
  });
});

describe('runtime dependencies run on the oldest VS Code the manifest accepts', () => {
  /** The extension host's Node major version for a VS Code 1.x minor version. */
  const extensionHostNodeMajor = (minor: number): number => (minor >= 125 ? 24 : minor >= 101 ? 22 : 20);
  /** The lowest Node major a range such as `>=20.0.0` or `^18.17.0 || >=20` admits. */
  const lowestNodeMajor = (range: string): number => Math.min(...[...range.matchAll(/(\d+)(?:\.\d+)*/g)].map((match) => Number(match[1])));

  it('needs no newer Node than the extension host of engines.vscode', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string>; engines?: { node?: string } }>;
    };
    const minor = Number(/^\^?1\.(\d+)\./.exec(manifest.engines.vscode)?.[1]);
    assert.ok(minor >= 90, `engines.vscode ${manifest.engines.vscode}`);
    const hostNode = extensionHostNodeMajor(minor);
    // Every package the bundle may include: the closure of `dependencies` in the lock file.
    const seen = new Map<string, string | undefined>();
    const pending = Object.keys(manifest.dependencies as Record<string, string>).map((name) => `node_modules/${name}`);
    while (pending.length > 0) {
      const key = pending.pop()!;
      if (seen.has(key)) continue;
      const entry = lock.packages[key];
      assert.ok(entry, `${key} is in package-lock.json`);
      seen.set(key, entry.engines?.node);
      for (const dependency of Object.keys(entry.dependencies ?? {})) {
        const nested = `${key}/node_modules/${dependency}`;
        pending.push(lock.packages[nested] ? nested : `node_modules/${dependency}`);
      }
    }
    assert.ok(seen.size > 10, `found ${seen.size} runtime packages`);
    const tooNew = [...seen].filter(([, range]) => range !== undefined && lowestNodeMajor(range) > hostNode);
    assert.deepEqual(tooNew, [], `these need a newer Node than VS Code ${manifest.engines.vscode}'s extension host (Node ${hostNode})`);
  });
});

describe('the Marketplace face in package.json', () => {
  it('names a PNG icon of at least 128 × 128 that the .vsix ships', () => {
    const icon = fs.readFileSync(path.join(root, manifest.icon));
    assert.deepEqual([...icon.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join(''), 'PNG', `${manifest.icon} is a PNG (the Marketplace takes no SVG)`);
    const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
    assert.ok(width >= 128 && height >= 128, `${width} × ${height}`);
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes(`!${manifest.icon}`), '.vscodeignore lets the icon into the .vsix');
  });

  it('runs where the workspace is, so it reads that machine\'s ~/.aws and its terminals get the session', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.ok(manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
  });
});

describe('what the .vsix ships', () => {
  it('holds only the bundles, media, package.json, README, CHANGELOG, LICENSE and the user documents, and every file package.json and the README name', async function () {
    this.timeout(20_000);
    // vsce's own list, from .vscodeignore, as `npm run package` would pack it (without running the build).
    const { listFiles, PackageManager } = await import('@vscode/vsce');
    const files = await listFiles({ cwd: root, packageManager: PackageManager.None });
    const needed = /^(dist\/(extension|awsSdk)\.js|media\/.+\.(png|svg)|package\.json|README\.md|CHANGELOG\.md|LICENSE|docs\/(user-guide|security|troubleshooting)\.md)$/;
    assert.deepEqual(files.filter((file) => !needed.test(file)), [], 'nothing else ships (no src, test, out, bench, tools, source maps)');
    const readmeImages = [...fs.readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\((media\/[^)\s]+)\)/g)].map((match) => match[1]);
    for (const file of [...mediaNamedByManifest(), ...readmeImages]) {
      assert.ok(fs.existsSync(path.join(root, file)), `${file} exists`);
      assert.ok(files.includes(file), `${file} ships`);
    }
    // The README's links to what a user reads open in the installed copy (VS Code's extension page).
    for (const doc of ['docs/user-guide.md', 'docs/security.md', 'docs/troubleshooting.md']) {
      assert.ok(fs.readFileSync(path.join(root, 'README.md'), 'utf8').includes(`](${doc})`), `the README links ${doc}`);
      assert.ok(files.includes(doc), `${doc} ships`);
    }
    assert.ok(!files.includes('docs/benchmarks.md') && !files.includes('CONTRIBUTING.md'), 'what is about the repository stays out');
    assert.ok(!files.includes('media/icon.svg'), 'the icon\'s source stays out: the Marketplace shows the PNG');
    if (fs.existsSync(path.join(root, manifest.main))) assert.ok(files.includes(manifest.main.replace(/^\.\//, '')), `${manifest.main} ships`);
  });
});

/** The rows of the first Markdown table after `heading`, each as its trimmed cells. */
function readmeTable(heading: string): string[][] {
  const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `the README has "${heading}"`);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

/** The text of a cell's first `code span`, or undefined. */
const firstCode = (cell: string): string | undefined => /`([^`]*)`/.exec(cell)?.[1];

describe('the README\'s Settings and Commands tables match package.json', () => {
  it('lists every contributed setting once, with its default, and no other', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const rows = readmeTable('## Settings and environment');
    const listed = rows.map((row) => firstCode(row[0]));
    assert.deepEqual([...listed].sort(), Object.keys(properties).sort(), 'the table\'s settings are exactly the contributed ones');
    for (const row of rows) {
      const { default: value } = properties[firstCode(row[0])!];
      const expected = typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
      assert.equal(firstCode(row[1]), expected, `${row[0]}'s default`);
    }
  });

  it('lists every contributed command once, by its title and id, and no other', () => {
    const contributed = manifest.contributes.commands as { command: string; title: string }[];
    const rows = readmeTable('## Commands');
    assert.deepEqual(
      rows.map((row) => `${row[0].replace(/^\*\*|\*\*$/g, '')} ${firstCode(row[1])}`).sort(),
      contributed.map((command) => `${command.title} ${command.command}`).sort(),
    );
  });
});

describe('the walkthrough', () => {
  type Step = { id: string; description: string; media: { image?: string; altText?: string }; completionEvents?: string[] };
  const walkthroughs = manifest.contributes.walkthroughs as { id: string; steps: Step[] }[];
  const contributedCommands = new Set((manifest.contributes.commands as { command: string }[]).map((command) => command.command));
  /** VS Code's own commands the walkthrough and the welcome views may link to: each view container's, and these. */
  const builtInCommands = new Set([
    ...(manifest.contributes.viewsContainers.activitybar as { id: string }[]).map((container) => `workbench.view.extension.${container.id}`),
    'workbench.action.terminal.new',
  ]);
  const commandLinks = (markdown: string): string[] => [...markdown.matchAll(/\]\(command:([\w.-]+)/g)].map((match) => match[1]);

  it('walks through profiles, assume, status bar, terminal and console, each step with an image that exists and its alt text', () => {
    assert.equal(walkthroughs.length, 1);
    assert.deepEqual(walkthroughs[0].steps.map((step) => step.id), ['findProfiles', 'assumeRole', 'watchStatusBar', 'openTerminal', 'openConsole']);
    for (const step of walkthroughs[0].steps) {
      assert.ok(step.media.image && /^media\/walkthrough\/[\w-]+\.(png|svg)$/.test(step.media.image), `${step.id}: ${step.media.image}`);
      assert.ok(fs.existsSync(path.join(root, step.media.image)), `${step.media.image} exists`);
      assert.ok(step.media.altText && step.media.altText.length > 20, `${step.id} describes its image`);
    }
  });

  it('writes step descriptions in the markdown a walkthrough renders: no code spans (VS Code shows their backticks)', () => {
    for (const step of walkthroughs[0].steps) assert.doesNotMatch(step.description, /`/, step.id);
  });

  it('gives every step a button, and every command link, here and in the welcome views, names a command that exists', () => {
    const welcome = (manifest.contributes.viewsWelcome as { contents: string }[]).map((view) => view.contents);
    for (const step of walkthroughs[0].steps) {
      // A link alone on its own line is what VS Code draws as a button.
      assert.match(step.description, /\n\[[^\]]+\]\(command:[\w.-]+\)$/, `${step.id} ends with a button`);
    }
    const linked = [...walkthroughs[0].steps.map((step) => step.description), ...welcome].flatMap(commandLinks);
    assert.ok(linked.length >= 5);
    for (const command of linked) assert.ok(contributedCommands.has(command) || builtInCommands.has(command), `command:${command} exists`);
  });

  it('completes each step on an event that can happen: a contributed view or a command that exists', () => {
    const views = new Set(Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((view) => view.id));
    for (const step of walkthroughs[0].steps) {
      for (const event of step.completionEvents ?? []) {
        const [kind, name] = event.split(/:(.*)/s);
        if (kind === 'onView') assert.ok(views.has(name), event);
        else if (kind === 'onCommand') assert.ok(contributedCommands.has(name) || builtInCommands.has(name), event);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });
});

describe('the pictures of the extension come from the e2e run', () => {
  const made = new Set(SCREENSHOT_CROPS.map((crop) => crop.output));
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const readmeImages = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);

  it('shows in the README only pictures that npm run screenshots cuts from the e2e screenshots, each with its alt text', () => {
    assert.ok(readmeImages.length >= 3, `the README shows ${readmeImages.length} pictures`);
    for (const image of readmeImages) {
      assert.ok(made.has(image), `${image} is made by npm run screenshots (test/harness/screenshotCrops.ts)`);
      assert.ok(fs.existsSync(path.join(root, image)), `${image} exists`);
    }
    for (const match of readme.matchAll(/!\[([^\]]*)\]/g)) assert.ok(match[1].length > 20, `alt text: "${match[1]}"`);
  });

  it('names in the walkthrough only pictures cut from the e2e screenshots, and keeps no picture nothing makes', () => {
    for (const image of mediaNamedByManifest().filter((file) => file.startsWith('media/walkthrough/'))) assert.ok(made.has(image), `${image} is made by npm run screenshots`);
    for (const folder of ['media/screenshots', 'media/walkthrough']) {
      for (const file of fs.readdirSync(path.join(root, folder))) assert.ok(made.has(`${folder}/${file}`), `${folder}/${file} is made by npm run screenshots, or should go`);
    }
  });

  it('cuts each picture from a screenshot an e2e suite saves', () => {
    const e2eSources = fs.readdirSync(path.join(root, 'test', 'e2e')).filter((file) => file.endsWith('.ts')).map((file) => fs.readFileSync(path.join(root, 'test', 'e2e', file), 'utf8')).join('\n');
    for (const crop of SCREENSHOT_CROPS) {
      // The suites name their screenshots as `step('1-profiles-and-chain')` or a file name in a path.join.
      const name = path.basename(crop.from, '.png');
      assert.ok(e2eSources.includes(`'${name}'`) || e2eSources.includes(`'${name}.png'`), `an e2e suite saves ${crop.from}`);
    }
  });
});
