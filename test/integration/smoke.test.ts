/**
 * The extension as VS Code sees it: present, activates, and every command that package.json
 * contributes is registered (a contributed command without a handler fails when clicked).
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

  it('registers every command it contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((entry) => entry.command);
    assert.ok(contributed.length >= 9, `package.json contributes ${contributed.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((command) => !registered.has(command)), []);
  });
});
