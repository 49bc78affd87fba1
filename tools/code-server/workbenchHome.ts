/**
 * A throw-away home folder for a code-server window with this extension installed: `.aws/`
 * with the given files, a workspace, an extensions folder where the working tree is the
 * installed extension, and a user-data folder with quiet settings. Used by the browser
 * suites and the try-it-now launcher.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Fixture } from '../local-sts';
import { projectRoot } from './projectRoot';
import { makeTempDir } from './tempDirs';

export interface WorkbenchHome {
  readonly home: string;
  readonly awsDir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly workspace: string;
  readonly extensionsDir: string;
  readonly userDataDir: string;
  /** The environment for code-server: HOME and the AWS file variables point here. */
  readonly env: Record<string, string>;
}

export function createWorkbenchHome(options: {
  prefix: string;
  config: string;
  credentials: string;
  /** `workbench.startupEditor`: `none` for tests, `readme` for people. */
  startupEditor?: 'none' | 'readme';
}): WorkbenchHome {
  const root = projectRoot();
  const home = makeTempDir(options.prefix);
  const awsDir = path.join(home, '.aws');
  fs.mkdirSync(awsDir);
  const configFile = path.join(awsDir, 'config');
  const credentialsFile = path.join(awsDir, 'credentials');
  fs.writeFileSync(configFile, options.config);
  fs.writeFileSync(credentialsFile, options.credentials, { mode: 0o600 });
  const workspace = path.join(home, 'workspace');
  fs.mkdirSync(workspace);

  // code-server scans --extensions-dir for `publisher.name-version` folders; a
  // symlink to the project root installs the working tree as that extension.
  const extensionsDir = path.join(home, 'extensions');
  fs.mkdirSync(extensionsDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.symlinkSync(root, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

  // Keep the chat side bar closed so the AWS Roles view has the room.
  const userDataDir = path.join(home, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': options.startupEditor ?? 'none', 'workbench.secondarySideBar.defaultVisibility': 'hidden' }, null, 2),
  );
  return {
    home,
    awsDir,
    configFile,
    credentialsFile,
    workspace,
    extensionsDir,
    userDataDir,
    env: { HOME: home, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
  };
}

/**
 * The demo's commands, for the front of a terminal's PATH: `demo-mfa-code` (alice's current code
 * and its seconds left), `demo-credentials` (the `build-bot` profile's credential_process) and an
 * `aws` wrapper that keeps any AWS CLI version on the local STS.
 */
export function demoBinDir(): string {
  return path.join(projectRoot(), 'tools', 'code-server', 'demo', 'bin');
}

/**
 * The AWS CLI the demo's `aws` wrapper runs in a terminal: the first `aws` on the PATH `npm start`
 * ran with (`launcherPath`), or `undefined` when there is none.
 */
export function demoAwsCli(launcherPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of launcherPath.split(path.delimiter)) {
    if (dir === '' || dir === demoBinDir()) continue;
    const candidate = path.join(dir, 'aws');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** The local STS's sample users and roles, which the demo's AWS files name (tools/local-sts). */
export const DEMO_STS_FIXTURE = path.join(projectRoot(), 'tools', 'local-sts', 'fixtures', 'sample.json');

/** The TOTP seed of alice's MFA device in the sample fixture: the demo's `demo-mfa-code` shows its codes. */
export function demoMfaSeed(): string {
  return (JSON.parse(fs.readFileSync(DEMO_STS_FIXTURE, 'utf8')) as Fixture).users[0].mfaDevices?.[0]?.totpSecret ?? '';
}

/** The try-it-now sample files, with the local STS's URL and the demo's commands filled in. */
export function sampleAwsFiles(stsUrl = 'http://127.0.0.1:9'): { config: string; credentials: string } {
  const fixtures = path.join(projectRoot(), 'tools', 'code-server', 'demo');
  return {
    config: fs.readFileSync(path.join(fixtures, 'config'), 'utf8').replace('{{LOCAL_STS_URL}}', stsUrl).replace('{{DEMO_BIN}}', demoBinDir()),
    credentials: fs.readFileSync(path.join(fixtures, 'credentials'), 'utf8'),
  };
}

/**
 * The demo workspace of `npm start` (and of the e2e journey that walks it): a README, a Node
 * program to run with F5 that says who it runs as, one that keeps asking (to watch renewals), a task that prints the current MFA code with
 * the seconds it has left, and `awsRoles.profile` naming prod, so the status bar offers it.
 * The program and the task load the project's own packages (`NODE_PATH`): the demo downloads nothing.
 */
export function writeDemoWorkspace(workspace: string, options: { awsDir: string; mfaSeed: string }): void {
  const root = projectRoot();
  const nodePath = path.join(root, 'node_modules');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, 'whoami.js'),
    [
      '// Run with F5: the debug session gets the window\'s AWS session; the JS SDK finds it by itself.',
      "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');",
      'new STSClient({ region: process.env.AWS_REGION || "us-east-1" }).send(new GetCallerIdentityCommand({})).then(',
      '  (identity) => console.log(`whoami: ${identity.Arn}`),',
      '  (error) => { console.log(`whoami failed: ${error.name}: ${error.message}`); process.exitCode = 1; },',
      ');',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(workspace, 'watch-identity.js'),
    [
      '// A long-running program (`node watch-identity.js` in a terminal; Ctrl+C stops it): one SDK client asks STS',
      '// who it is every two seconds, as a server or a Terraform run would. With awsRoles.injection set to',
      '// "endpoint" it rides every renewal by itself; with "environment" it keeps the keys it started with.',
      `module.paths.push(${JSON.stringify(nodePath)}); // the project's own packages: the demo downloads nothing`,
      "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');",
      'const client = new STSClient({ region: process.env.AWS_REGION || "us-east-1" });',
      'const via = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ? "endpoint" : process.env.AWS_ACCESS_KEY_ID ? "env keys" : "default chain";',
      'let calls = 0, failures = 0, lastEnd;',
      'async function ask() {',
      '  const n = ++calls;',
      '  try {',
      '    const identity = await client.send(new GetCallerIdentityCommand({}));',
      '    const end = (await client.config.credentials()).expiration?.toISOString().slice(11, 19) ?? "never";',
      '    const renewed = lastEnd !== undefined && end !== lastEnd ? " (renewed)" : "";',
      '    lastEnd = end;',
      '    console.log(`#${n} ${identity.Arn.split(":").pop()} · ${via} · ends ${end}${renewed} · ${failures} failed`);',
      '  } catch (error) {',
      '    failures++;',
      '    console.log(`#${n} failed: ${error.name}: ${error.message} · ${failures} failed`);',
      '  }',
      '}',
      'ask();',
      'setInterval(ask, 2000);',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(workspace, 'mfa-code.js'),
    [
      '// The current MFA code of the demo user alice, and how long it lasts (a task: "Show MFA code").',
      "const { TOTP } = require('otpauth');",
      `const totp = new TOTP({ secret: ${JSON.stringify(options.mfaSeed)}, digits: 6, period: 30 });`,
      'const left = 30 - (Math.floor(Date.now() / 1000) % 30);',
      'console.log(`MFA code for alice: ${totp.generate()} (${left} s left)`);',
      '',
    ].join('\n'),
  );
  const env = { NODE_PATH: nodePath };
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'launch.json'),
    JSON.stringify({ version: '0.2.0', configurations: [{ type: 'node', request: 'launch', name: 'whoami', program: '${workspaceFolder}/whoami.js', console: 'internalConsole', env }] }, null, 2),
  );
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'tasks.json'),
    JSON.stringify({ version: '2.0.0', tasks: [{ label: 'Show MFA code', type: 'shell', command: 'node', args: ['${workspaceFolder}/mfa-code.js'], options: { env }, presentation: { reveal: 'always', panel: 'dedicated' }, problemMatcher: [] }] }, null, 2),
  );
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'awsRoles.profile': 'prod' }, null, 2));
  fs.writeFileSync(
    path.join(workspace, 'README.md'),
    '# AWS Role Sessions: try it now\n\nOpen the **AWS Roles** view in the activity bar. The profiles come from the sample\n' +
      `files in \`${options.awsDir}\` (fake keys; copied from tools/code-server/demo/). Edit them and watch the tree and the Problems panel follow.\n\n` +
      'This workspace names `prod` as its profile (`.vscode/settings.json`): the status bar offers it. Click it, or run **AWS Roles: Assume Role…** and pick `prod`: three hops behind MFA, against a local STS on 127.0.0.1. ' +
      'For the MFA code run the task **Show MFA code** (**Terminal: Run Task…**), or `demo-mfa-code` in a terminal. ' +
      'Then switch to `dev-readonly` from the status bar: the same MFA device, so no new code.\n\n' +
      'Open a new terminal and run `aws sts get-caller-identity`: ' +
      'it names the role you assumed. Press F5 to run `whoami.js` with the session. ' +
      'Set **AWS Roles: Injection** to `endpoint`, open a new terminal and run `node watch-identity.js`: a program that asks STS who it is every two seconds and rides each renewal (start with `npm start -- --short-lifetime 120` to see one every minute). **AWS Roles: Open Console** opens a stand-in console page that says who you are signed in as. ' +
      '`AWS_ENDPOINT_URL_STS` points every client in this demo at the local STS; the terminals\' `aws` is a wrapper that keeps any AWS CLI version there.\n\n' +
      'More to look at: `partner` (an external id), `admin` (a trust policy that refuses alice), `build-bot` (credentials from a `credential_process`), ' +
      '`sso-admin` (IAM Identity Center: sign in on the local Identity Center\'s stand-in page, allowing access as alice; the sign-in then serves `sso-deployer`, a role chain on top of it), and the broken `broken-chain` and `loop-a`/`loop-b`.\n',
  );
}

/**
 * The try-it-now demo in a workbench home, as `npm start` runs it and the e2e journey walks it:
 * the demo workspace, the shell start-up files that keep the demo's commands first on PATH
 * (`writeDemoShellStartup`), and the environment code-server runs in, which it returns.
 * `launcherPath` is the PATH the demo's terminals find the rest on (default: this process's).
 */
export function setUpDemo(
  workbench: WorkbenchHome,
  options: { stsUrl: string; mfaSeed: string; launcherPath?: string },
): Record<string, string | undefined> {
  writeDemoWorkspace(workbench.workspace, { awsDir: workbench.awsDir, mfaSeed: options.mfaSeed });
  const demoPath = [demoBinDir(), options.launcherPath ?? process.env.PATH ?? ''].filter((part) => part !== '').join(path.delimiter);
  writeDemoShellStartup(workbench.home, demoPath);
  return {
    ...workbench.env,
    // Only the window's session decides who the demo's terminals are.
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    // Terminals talk to the local STS, never to AWS: the JS SDK, boto3 and AWS CLI 2.13+ read this;
    // the demo's `aws` wrapper, first on PATH with demo-mfa-code, takes older CLIs there too.
    AWS_ENDPOINT_URL_STS: options.stsUrl,
    // IAM Identity Center (its OIDC service and portal) is served beside the local STS: `sso-admin` signs in there.
    AWS_ENDPOINT_URL_SSO_OIDC: options.stsUrl,
    AWS_ENDPOINT_URL_SSO: options.stsUrl,
    // Every other service a demo terminal's SDK or CLI 1.3x/2.13+ might call goes to a closed port on
    // 127.0.0.1 and fails at once, instead of to AWS (STS keeps its own variable above).
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    PATH: demoPath,
    // Open Console signs in at the local STS's stand-in console, never at AWS.
    AWS_ROLE_SESSIONS_FEDERATION_ENDPOINT: `${options.stsUrl}/federation`,
  };
}

/**
 * Puts `demoPath` (the demo's bin folder, then the PATH `npm start` ran with) back in front of
 * PATH in every shell that starts in the demo's home, after the system's start-up files ran.
 *
 * Why start-up files, and why in this home. VS Code (code-server 4.139 = VS Code 1.139) does
 * not hand a terminal the server's own environment: the terminal profile resolver sets
 * `useShellEnvironment` from `terminal.integrated.inheritEnv` (default on), and the server then
 * takes the terminal's environment from `$SHELL -i -l -c 'node -p JSON.stringify(process.env)'`,
 * a login shell run in its own environment (its `resolveShellEnv`; tasks always, and the
 * extension host, so F5's debuggees, the same way). A login shell reads /etc/profile first, and
 * Debian's sets PATH from scratch (root: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin;
 * others: /usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games). So without these files a
 * demo terminal lost the demo's bin: `demo-mfa-code` was not found, and `aws` was whichever CLI
 * /usr/bin holds, run without the wrapper (Debian's 2.9, which ignores AWS_ENDPOINT_URL_STS, so
 * it sent the demo's requests to AWS, and no proxy stopped them). The terminal's own shell is not a
 * login shell by default (`bash --init-file …/shellIntegration-bash.sh`, which reads ~/.bashrc),
 * but a person's profile can make it one (`bash -l`), and that reads /etc/profile again.
 *
 * What survives all of these is what every login shell reads after /etc/profile: ~/.profile (sh,
 * dash, and bash, which has no ~/.bash_profile here), ~/.zprofile (zsh; macOS's /etc/zprofile
 * reorders PATH), and for interactive non-login bash ~/.bashrc. HOME is the demo's temp home for
 * the server and everything it starts, so this holds for the demo workspace and for a person's
 * own `--folder` alike, and touches nothing of theirs. (`terminal.integrated.env.linux` would
 * outlive the environment resolution but not a login shell in the terminal, nor reach tasks or
 * debuggees; turning `inheritEnv` off skips the resolution for terminals only, not for tasks or
 * the extension host.)
 * The rest of the launcher's PATH comes back too: the `node` that `demo-mfa-code` runs on and
 * the person's own AWS CLI, which the wrapper runs. A shell that already has it adds nothing.
 */
export function writeDemoShellStartup(home: string, demoPath: string): void {
  const quoted = `'${demoPath.replace(/'/g, `'\\''`)}'`;
  const script = [
    '# Written by the try-it-now demo (tools/code-server/workbenchHome.ts) and removed with this home.',
    "# The system's start-up files may have set PATH from scratch (Debian's /etc/profile does): put the",
    "# demo's commands (its aws wrapper, demo-mfa-code) and the PATH `npm start` ran with back in front.",
    `aws_role_sessions_demo_path=${quoted}`,
    'case ":$PATH:" in',
    '  *":$aws_role_sessions_demo_path:"*) ;;',
    '  *) PATH="$aws_role_sessions_demo_path${PATH:+:$PATH}" ;;',
    'esac',
    'export PATH',
    'unset aws_role_sessions_demo_path',
    '',
  ].join('\n');
  for (const file of ['.profile', '.bashrc', '.zprofile']) fs.writeFileSync(path.join(home, file), script);
}
