/**
 * The `config-diagnostics-10k` probe: an extension test module the bench loads into a
 * code-server window whose AWS_CONFIG_FILE holds 10,000 generated profiles. It opens the file in
 * an editor and, each run, types a new profile whose source_profile names nobody (one edit, as
 * a keystroke makes one), then times until VS Code holds the diagnostic for it
 * (`languages.onDidChangeDiagnostics`). The figure is that time less the debounce: what the
 * extension adds after the person stops typing. Beside each run, the baseline: building the
 * profile model from the same text (what any reload of the files costs), timed in the same
 * extension host, alternately first and second.
 */

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { DIAGNOSTICS_DEBOUNCE_MS } from '../src/configEditor/configDiagnosticsPublisher';
import { buildProfileModelFromContents } from '../src/core/config/profileModel';
import type { ExtensionApi } from '../src/extension';
import { readProbeParams, writeProbeResult } from './probeIo';
import { EXTENSION_ID } from '../src/constants';

export interface DiagnosticsProbeParams {
  readonly runs: number;
  readonly warmup: number;
}

export interface DiagnosticsProbeResult {
  /** ms from the edit to VS Code holding the new diagnostic, less the debounce, per run. */
  readonly afterDebounceMs: number[];
  /** ms to build the model from the document's text, per run. */
  readonly modelBuildMs: number[];
  readonly debounceMs: number;
  readonly lines: number;
  readonly diagnostics: number;
  /** Per run: the edit's trip to the extension host, the change to our publication, the publication to VS Code holding it. */
  readonly stamps: { editRoundTripMs: number; toPublishedMs: number; publishedToSeenMs: number }[];
}

export async function run(): Promise<void> {
  const params = readProbeParams<DiagnosticsProbeParams>();
  const ours = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ours) throw new Error('diagnostics probe: our extension is not installed');
  const api = await ours.activate();
  const configFile = process.env.AWS_CONFIG_FILE!;
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE!;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(configFile));
  const editor = await vscode.window.showTextDocument(document);
  await diagnosticMentioning(document.uri, 'never-typed', 'the first diagnostics', 0);
  const afterDebounceMs: number[] = [];
  const stamps: DiagnosticsProbeResult['stamps'][number][] = [];
  const modelBuildMs: number[] = [];
  const timeModel = () => {
    const text = document.getText();
    const started = performance.now();
    const model = buildProfileModelFromContents({ status: 'ok', path: configFile, text }, { status: 'missing', path: credentialsFile });
    const ms = performance.now() - started;
    if (model.profiles.length === 0) throw new Error('diagnostics probe: the model is empty');
    return ms;
  };
  for (let run = 0; run < params.warmup + params.runs; run++) {
    if (run % 2 === 1) modelBuildMs.push(timeModel());
    const missing = `missing-source-${run}`;
    const end = document.lineAt(document.lineCount - 1).range.end;
    const seen = diagnosticMentioning(document.uri, missing, `run ${run + 1}`, 60_000);
    // The keystroke reaches the extension host as this event; the clock starts there.
    let started = 0;
    const changed = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && started === 0) started = performance.now();
    });
    let published = 0;
    const publication = api.configDiagnostics.onDidPublish(() => (published ||= performance.now()));
    const asked = performance.now();
    await editor.edit((edit) => edit.insert(end, `\n[profile typed-${run}]\nrole_arn = arn:aws:iam::123456789012:role/Typed\nsource_profile = ${missing}\n`));
    await seen;
    const done = performance.now();
    changed.dispose();
    publication.dispose();
    const ms = done - started - DIAGNOSTICS_DEBOUNCE_MS;
    if (run >= params.warmup) stamps.push({ editRoundTripMs: started - asked, toPublishedMs: published - started, publishedToSeenMs: done - published });
    if (run % 2 === 0) modelBuildMs.push(timeModel());
    if (run >= params.warmup) afterDebounceMs.push(ms);
    else modelBuildMs.pop();
  }
  const result: DiagnosticsProbeResult = {
    afterDebounceMs,
    modelBuildMs,
    debounceMs: DIAGNOSTICS_DEBOUNCE_MS,
    lines: document.lineCount,
    diagnostics: vscode.languages.getDiagnostics(document.uri).length,
    stamps,
  };
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  writeProbeResult(result);
}

/** Resolves once VS Code holds a diagnostic of `uri` whose message names `needle` ('never-typed': any diagnostic). */
function diagnosticMentioning(uri: vscode.Uri, needle: string, what: string, timeoutMs: number): Promise<void> {
  const holds = () => vscode.languages.getDiagnostics(uri).some((diagnostic) => needle === 'never-typed' || diagnostic.message.includes(needle));
  return new Promise((resolve, reject) => {
    if (holds()) return resolve();
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`diagnostics probe: ${what}: no diagnostic naming ${needle}`));
    }, timeoutMs || 120_000);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString()) || !holds()) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}
