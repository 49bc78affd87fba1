/**
 * The extension as VS Code sees it: present, activates with the API the other specs drive, and
 * every command that package.json contributes is registered (a contributed command without a
 * handler fails when clicked). Which commands are contributed is checked exactly, without
 * VS Code, by test/unit/manifest.test.ts.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ourExtension } from '../../support/integration/extension';


describe('smoke', () => {
  it('is installed and activates, handing out its services', async () => {
    const extension = ourExtension();
    const api = await extension.activate();
    assert.strictEqual(extension.isActive, true);
    // The services the other specs drive; a failed wiring in activate() leaves one out.
    for (const name of ['profileStore', 'profileTreeModel', 'profileView', 'sessions'] as const) assert.ok(api?.[name], `activate() returned no ${name}`);
  });

  it('registers every command it contributes', async () => {
    const extension = ourExtension();
    await extension.activate();
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((command) => !registered.has(command)), []);
  });
});
