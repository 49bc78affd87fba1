/**
 * The two AWS files as the editor holds them: an open document's text (saved or not) wins over
 * the disk's. Every editing feature asks here, and gets the same model for the same texts: it is
 * built once per change of either document (or of the files on disk), not once per hover.
 */

import * as vscode from 'vscode';
import { readFileContent, type ConfigPaths } from '../core/config/configFiles';
import type { ProfileStore } from '../core/config/profileStore';
import type { ConfigFileKind } from '../core/config/types';
import type { TextLines } from '../core/configEditing/configLines';
import { editFiles, type EditedFile, type EditedFiles, type FileSource } from '../core/configEditing/editedFiles';
import { nodeTextFileReader } from '../platform/nodeTextFileReader';

export class EditorConfigFiles implements vscode.Disposable {
  private built: { key: string; files: Promise<EditedFiles> } | undefined;
  /** Counts changes on disk, so a model read from disk is not reused after the file changed. */
  private diskGeneration = 0;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ProfileStore) {
    this.subscription = store.onDidChange(() => this.diskGeneration++);
  }

  get paths(): ConfigPaths {
    return this.store.getPaths();
  }

  /** Which of the two files a document is, or undefined for any other document. */
  kindOf(document: vscode.TextDocument): ConfigFileKind | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const { configFile, credentialsFile } = this.paths;
    const path = document.uri.fsPath;
    return samePath(path, configFile) ? 'config' : samePath(path, credentialsFile) ? 'credentials' : undefined;
  }

  /** What the features' registrations are limited to: exactly the two files, in any language mode. */
  get selector(): vscode.DocumentFilter[] {
    const { configFile, credentialsFile } = this.paths;
    return [configFile, credentialsFile].map((path) => {
      const uri = vscode.Uri.file(path);
      return { scheme: 'file', pattern: new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uriBaseName(uri)) };
    });
  }

  /** Both files and their model, from the open documents' text where there is one. */
  current(): Promise<EditedFiles> {
    const { configFile, credentialsFile } = this.paths;
    const configDocument = openDocument(configFile);
    const credentialsDocument = openDocument(credentialsFile);
    const key = [configFile, configDocument?.version ?? 'disk', credentialsFile, credentialsDocument?.version ?? 'disk', this.diskGeneration].join('\0');
    if (this.built?.key !== key) {
      const files = Promise.all([source(configFile, configDocument), source(credentialsFile, credentialsDocument)]).then(([config, credentials]) => editFiles(config, credentials));
      this.built = { key, files };
    }
    return this.built.files;
  }

  /** The edited file a document is, in the current files. */
  async fileOf(document: vscode.TextDocument): Promise<{ files: EditedFiles; file: EditedFile } | undefined> {
    const kind = this.kindOf(document);
    if (!kind) return undefined;
    const files = await this.current();
    return { files, file: files[kind] };
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function openDocument(path: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && samePath(document.uri.fsPath, path));
}

async function source(path: string, document: vscode.TextDocument | undefined): Promise<FileSource> {
  if (!document) return { content: await readFileContent(nodeTextFileReader, path) };
  return { content: { status: 'ok', path, text: document.getText() }, lines: documentLines(document) };
}

/** A document's lines, read when asked (a 10,000-profile file is not copied line by line). */
function documentLines(document: vscode.TextDocument): TextLines {
  return { lineCount: document.lineCount, lineAt: (line) => document.lineAt(line).text };
}

/** Paths compare as the file system does: without case on Windows and macOS's default volumes. */
function samePath(a: string, b: string): boolean {
  return process.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

function uriBaseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
