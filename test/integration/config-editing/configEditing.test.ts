/**
 * Editing the AWS files in a real VS Code: the problems in the Problems panel, updated from
 * unsaved text as one types; completion accepted through the suggest widget; Go to Definition,
 * hover, outline and lenses through VS Code's own provider commands; and nothing for other
 * files, nothing written to disk.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { until } from '../../support/integration/waits';
import { activateExtension, configFile, credentialsFile } from '../../support/integration/extension';


const CONFIG = `[default]
region = eu-west-1

[profile dev]
role_arn = arn:aws:iam::222222222222:role/Developer
source_profile = default
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile staging]
role_arn = arn:aws:iam::333333333333:role/Staging
source_profile = dev

[profile broken-chain]
role_arn = arn:aws:iam::555555555555:role/Broken
source_profile = ghost
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIAEXAMPLEDEFAULTAB12
aws_secret_access_key = do-not-show-this-secret
`;

/** The diagnostics VS Code holds for a file, as `code line:start-end text`. */
function shownProblems(uri: vscode.Uri, document: vscode.TextDocument): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${document.getText(d.range)}`);
}

function positionOf(document: vscode.TextDocument, needle: string, offset: number): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.notEqual(index, -1, `${needle} is in the document`);
  return document.positionAt(index + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

describe('Editing the AWS config file', function () {
  // Each wait below has its own deadline; this only bounds the whole spec on a busy machine.
  this.timeout(120_000);
  let api: ExtensionApi;
  let document: vscode.TextDocument;
  let editor: vscode.TextEditor;

  before(async () => {
    fs.writeFileSync(configFile, CONFIG);
    fs.writeFileSync(credentialsFile, CREDENTIALS);
    api = await activateExtension({ reload: true });
  });

  after(async () => {
    // Drop the unsaved edits; the file on disk was never written.
    if (editor) {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('shows the problems of the file in the Problems panel, each on its exact text, once the file is open', async () => {
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(configFile));
    editor = await vscode.window.showTextDocument(document);
    await until('the missing source profile is shown', () => shownProblems(document.uri, document).length > 0, 30_000, () => JSON.stringify(shownProblems(document.uri, document)));
    assert.deepEqual(shownProblems(document.uri, document), ['source-profile-missing 14:17-22 ghost']);
    const [diagnostic] = vscode.languages.getDiagnostics(document.uri);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /source_profile "ghost".*does not exist/);
  });

  it('updates them from the unsaved text as one types, and completes a source profile through the suggest widget', async () => {
    // The window turns VS Code's own autosave off (the browser default saves after 1 s), so only the extension could write.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
    const end = document.lineAt(document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, '\n[profile new]\nrole_arn = arn:aws:iam::666666666666:role/New\nsource_profile = stag'));
    // Until the value is complete, the new profile's source is missing: the panel says so without a save.
    await until('the half-typed source is reported', () => shownProblems(document.uri, document).some((line) => line.includes('stag')), 30_000, () => JSON.stringify(shownProblems(document.uri, document)));
    const last = document.lineAt(document.lineCount - 1);
    editor.selection = new vscode.Selection(last.range.end, last.range.end);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await until('the suggestion is accepted', () => {
      void vscode.commands.executeCommand('acceptSelectedSuggestion');
      return document.lineAt(document.lineCount - 1).text === 'source_profile = staging';
    }, 30_000, () => document.lineAt(document.lineCount - 1).text);
    await until('the problem is gone once the value names a profile', () => !shownProblems(document.uri, document).some((line) => line.includes('stag')), 30_000, () => JSON.stringify(shownProblems(document.uri, document)));
    assert.deepEqual(shownProblems(document.uri, document), ['source-profile-missing 14:17-22 ghost']);
    assert.equal(fs.readFileSync(configFile, 'utf8'), CONFIG, 'nothing was written to the file');
    assert.ok(document.isDirty);
  });

  it('offers the keys of a profile and the values of credential_source', async () => {
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 0));
    const labels = keys.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const key of ['role_arn', 'source_profile', 'mfa_serial', 'credential_source', 'sso_session', 'duration_seconds']) assert.ok(labels.includes(key), key);
  });

  it('goes from source_profile to the profile, in the credentials file too', async () => {
    const links = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, 'source_profile = default', 18));
    const targets = links.map((link) => ('targetUri' in link ? `${path.basename(link.targetUri.fsPath)}:${link.targetRange.start.line}` : `${path.basename(link.uri.fsPath)}:${link.range.start.line}`));
    assert.deepEqual(targets.sort(), ['config:0', 'credentials:0']);
    const toDev = await vscode.commands.executeCommand<vscode.LocationLink[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, 'source_profile = dev', 17));
    assert.deepEqual(toDev.map((link) => link.targetRange.start.line), [3]);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, new vscode.Position(3, 11));
    assert.deepEqual(references.map((location) => location.range.start.line).sort((a, b) => a - b), [3, 10]);
  });

  it('shows the chain on hovering a source profile, with no secret', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'source_profile = dev', 18));
    const text = hoverText(hovers);
    assert.match(text, /\*\*dev\*\*: a chain of 2 hops/);
    assert.match(text, /`default`: static keys \.\.\.AB12/);
    assert.doesNotMatch(text, /AKIAEXAMPLEDEFAULTAB12|do-not-show-this-secret/);
  });

  it('lists the profiles in the outline and puts Assume above those that can be assumed', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['default', 'profile dev', 'profile staging', 'profile broken-chain', 'profile new']);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    assert.deepEqual(lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.arguments?.[0]]), [
      [0, '$(play) Assume', 'default'],
      [3, '$(play) Assume', 'dev'],
      [8, '$(play) Assume', 'staging'],
      [16, '$(play) Assume', 'new'],
    ]);
  });

  it('leaves other files alone, even with the same text', async () => {
    const other = path.join(path.dirname(configFile), 'not-the-aws-config');
    fs.writeFileSync(other, CONFIG);
    const otherDocument = await vscode.workspace.openTextDocument(vscode.Uri.file(other));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', otherDocument.uri, positionOf(otherDocument, 'source_profile = dev', 18));
    assert.equal(hoverText(hovers), '');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', otherDocument.uri);
    assert.deepEqual(symbols ?? [], []);
    // Give a wrongly registered publisher time to act before asserting it did not.
    await api.configDiagnostics.publish();
    assert.deepEqual(vscode.languages.getDiagnostics(otherDocument.uri), []);
  });
});
