/**
 * Shows the model's problems in the AWS files as diagnostics (the editor's squiggles and the
 * Problems panel), updated as the person types: a short pause after the last keystroke, then
 * one model build from the unsaved text.
 */

import * as vscode from 'vscode';
import { configDiagnostics, type ConfigDiagnostic } from '../core/configEditing/configDiagnostics';
import { DisposableStore } from '../core/vocabulary/disposableStore';
import type { EditorConfigFiles } from './editorConfigFiles';

/** The pause after the last keystroke: long enough not to rebuild on every key, short enough to feel live. */
export const DIAGNOSTICS_DEBOUNCE_MS = 250;

/** The source VS Code shows beside each diagnostic. */
export const DIAGNOSTICS_SOURCE = 'AWS config';

export class ConfigDiagnosticsPublisher implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly collection = this.disposables.add(vscode.languages.createDiagnosticCollection('awsRoles.config'));
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts runs so a slow one never overwrites a newer one's result. */
  private generation = 0;
  private readonly published = this.disposables.add(new vscode.EventEmitter<void>());
  /** Fires after each publication (tests and the benchmark wait on it). */
  readonly onDidPublish = this.published.event;

  constructor(
    private readonly files: EditorConfigFiles,
    onDiskChange: vscode.Event<unknown>,
  ) {
    const ours = (document: vscode.TextDocument) => this.files.kindOf(document) !== undefined;
    this.disposables.add(vscode.workspace.onDidOpenTextDocument((document) => ours(document) && this.schedule(0)));
    this.disposables.add(vscode.workspace.onDidChangeTextDocument((event) => ours(event.document) && event.contentChanges.length > 0 && this.schedule(DIAGNOSTICS_DEBOUNCE_MS)));
    // Closing without saving: the disk's text counts again.
    this.disposables.add(vscode.workspace.onDidCloseTextDocument((document) => ours(document) && this.schedule(0)));
    this.disposables.add(onDiskChange(() => this.schedule(0)));
    // Disposed first (the store goes newest first): no run starts once the publisher is going.
    this.disposables.add({ dispose: () => clearTimeout(this.timer) });
    // A file already open when the extension started.
    if (vscode.workspace.textDocuments.some(ours)) this.schedule(0);
  }

  /** Publishes after `delayMs`, replacing a run already waiting. */
  schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.publish();
    }, delayMs);
  }

  /** Builds the model from the current texts and replaces both files' diagnostics. */
  async publish(): Promise<void> {
    const generation = ++this.generation;
    const files = await this.files.current();
    if (generation !== this.generation) return;
    for (const [path, diagnostics] of configDiagnostics(files)) {
      this.collection.set(vscode.Uri.file(path), diagnostics.map(toDiagnostic));
    }
    this.published.fire();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function toDiagnostic(problem: ConfigDiagnostic): vscode.Diagnostic {
  const { line, start, end } = problem.span;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, start, line, end),
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTICS_SOURCE;
  diagnostic.code = problem.code;
  return diagnostic;
}
