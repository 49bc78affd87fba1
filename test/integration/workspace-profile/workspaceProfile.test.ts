/**
 * A folder whose `.vscode/settings.json` names its profile (`awsRoles.profile: team-dev`), with
 * that profile in the AWS config before the window opens (runIntegrationTests.ts writes both).
 * Trusted, the status bar offers it on open, and a click would assume exactly it; untrusted
 * (workspace trust on, the folder never trusted), the setting is ignored: the idle item stays.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { until } from '../../support/integration/waits';
import { activateExtension } from '../../support/integration/extension';

const trusted = process.env.AWS_ROLE_SESSIONS_TEST_TRUSTED === '1';

describe(`A workspace that names its profile (${trusted ? 'trusted' : 'untrusted'})`, function () {
  this.timeout(60_000);

  let api: ExtensionApi;

  before(async () => {
    api = await activateExtension();
    // The first decision comes once any kept session is restored, after activation.
    await Promise.race([api.workspaceProfiles.started, new Promise((_, reject) => setTimeout(() => reject(new Error('no first decision within 30 s')), 30_000))]);
  });

  it(trusted ? 'is trusted' : 'is untrusted, and VS Code hides the restricted setting\'s workspace value', () => {
    assert.equal(vscode.workspace.isTrusted, trusted);
    if (!trusted) assert.equal(vscode.workspace.getConfiguration('awsRoles').get('profile'), '', 'VS Code returns only user values of a restricted setting');
  });

  it(`never lets the workspace stretch MFA sessions${trusted ? '' : ', nor choose how or where credentials are handed out'}`, () => {
    // The folder's settings.json asks for 36-hour MFA sessions, keys in terminals (environment mode) and no injection; the extension reads them as below.
    const settings = vscode.workspace.getConfiguration('awsRoles');
    assert.equal(settings.get('mfaSessionDuration'), 28800, 'a user-only (application) setting: the workspace value never applies');
    assert.equal(settings.inspect('mfaSessionDuration')?.workspaceValue, undefined);
    const expected = trusted ? { injection: 'environment', injectIntoTerminals: false, injectIntoDebug: false } : { injection: 'auto', injectIntoTerminals: true, injectIntoDebug: true };
    assert.deepEqual({ injection: settings.get('injection'), injectIntoTerminals: settings.get('injectIntoTerminals'), injectIntoDebug: settings.get('injectIntoDebug') }, expected);
  });

  if (trusted) {
    it('offers the profile in the status bar on open, and assumes nothing by itself', () => {
      const item = api.statusBar.item;
      assert.equal(item.text, '$(shield) team-dev?');
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
      assert.match(tooltip, /^This workspace is worked on with profile team\\-dev · click to assume/);
      assert.deepEqual(item.command, { command: 'awsRoles.assumeRole', title: 'Assume team-dev', arguments: ['team-dev'] });
      assert.deepEqual(api.workspaceProfiles.offers, [{ profileName: 'team-dev', folderNames: [vscode.workspace.workspaceFolders?.[0]?.name], wholeWorkspace: true }]);
      assert.equal(api.sessions.state.status, 'none', 'awsRoles.autoAssumeWorkspaceProfile is off by default');
    });

    it('offers nothing for a profile that is not in the AWS config, and follows the setting back', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder);
      const config = () => vscode.workspace.getConfiguration('awsRoles', folder.uri);
      await config().update('profile', 'not-in-config', vscode.ConfigurationTarget.WorkspaceFolder);
      await until('the offer goes away', () => api.statusBar.item.text === '$(shield) AWS', 10_000, () => api.statusBar.item.text);
      assert.deepEqual(api.workspaceProfiles.offers, []);
      await config().update('profile', 'team-dev', vscode.ConfigurationTarget.WorkspaceFolder);
      await until('the offer comes back', () => api.statusBar.item.text === '$(shield) team-dev?', 10_000, () => api.statusBar.item.text);
    });
  } else {
    it('offers nothing: the idle item stays as it is', () => {
      assert.equal(api.statusBar.item.text, '$(shield) AWS');
      assert.equal(api.statusBar.item.command, 'awsRoles.assumeRole');
      assert.deepEqual(api.workspaceProfiles.offers, []);
      assert.equal(api.sessions.state.status, 'none');
    });
  }
});
