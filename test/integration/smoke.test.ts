/**
 * Placeholder spec: the extension is present, activates, and registers its
 * commands in a real extension host.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'aws-role-sessions.aws-role-sessions';

describe('smoke', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('registers awsRoles.refreshProfiles', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('awsRoles.refreshProfiles'), 'awsRoles.refreshProfiles is not registered');
  });
});
