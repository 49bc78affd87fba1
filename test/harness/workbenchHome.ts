/**
 * A throw-away home folder for a code-server window with this extension installed: `.aws/`
 * with the given files, a workspace, an extensions folder where the working tree is the
 * installed extension, and a user-data folder with quiet settings. Used by the browser
 * suites and the try-it-now launcher.
 */
import * as fs from 'fs';
import * as path from 'path';
import { makeTempDir, projectRoot } from './codeServer';

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

/** The try-it-now sample files, with the local STS's URL filled in. */
export function sampleAwsFiles(stsUrl = 'http://127.0.0.1:9'): { config: string; credentials: string } {
  const fixtures = path.join(projectRoot(), 'test', 'fixtures', 'try-it-now');
  return {
    config: fs.readFileSync(path.join(fixtures, 'config'), 'utf8').replace('{{LOCAL_STS_URL}}', stsUrl),
    credentials: fs.readFileSync(path.join(fixtures, 'credentials'), 'utf8'),
  };
}
