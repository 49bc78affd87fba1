/**
 * Completion, hover, Go to Definition, Find References, the outline and code lenses in the
 * two AWS files, whatever language mode they are open in. The answers come from the core
 * (`core/configEditing/`); this file only turns them into VS Code's types.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { ActiveProfileMark } from '../core/presentation/activeProfileMark';
import { completeAt, type CompletionKind } from '../core/configEditing/configCompletion';
import { definitionsOf, hoverAt, profileLenses, referenceAt, referencesOf, symbolsOf } from '../core/configEditing/configNavigation';
import type { LineSpan } from '../core/configEditing/editedFiles';
import type { SectionKind } from '../core/configEditing/configLines';
import type { EditorConfigFiles } from './editorConfigFiles';

export function registerConfigLanguageFeatures(
  files: EditorConfigFiles,
  activeProfile: () => ActiveProfileMark | undefined,
  onDidChangeActiveProfile: vscode.Event<unknown>,
): vscode.Disposable[] {
  const selector = files.selector;
  const lensesChanged = new vscode.EventEmitter<void>();
  return [
    lensesChanged,
    onDidChangeActiveProfile(() => lensesChanged.fire()),
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(document, position, _token, context) {
          const found = await files.fileOf(document);
          if (!found) return undefined;
          const items = completeAt(found.files, found.file, position);
          // '=' and ' ' open the list of values; a space typed in a key or a comment opens nothing.
          if (context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && items.some((item) => item.kind === 'key')) return undefined;
          return items.map((item) => {
            const completion = new vscode.CompletionItem(item.label, COMPLETION_KINDS[item.kind]);
            completion.detail = item.detail;
            if (item.documentation) completion.documentation = new vscode.MarkdownString(item.documentation);
            completion.insertText = item.insertText;
            completion.range = new vscode.Range(position.line, item.replaceStart, position.line, item.replaceEnd);
            completion.sortText = item.sortText;
            // After `key = ` the value's list opens by itself.
            if (item.kind === 'key') completion.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
            return completion;
          });
        },
      },
      '=',
      ' ',
    ),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const found = await files.fileOf(document);
        const hover = found && hoverAt(found.files, found.file, position);
        return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.span));
      },
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      async provideDefinition(document, position) {
        const found = await files.fileOf(document);
        const reference = found && referenceAt(found.file, position);
        if (!found || !reference) return undefined;
        return definitionsOf(found.files, reference).map((span): vscode.LocationLink => ({
          originSelectionRange: toRange(reference.span),
          targetUri: vscode.Uri.file(span.file),
          targetRange: toRange(span),
          targetSelectionRange: toRange(span),
        }));
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      async provideReferences(document, position, context) {
        const found = await files.fileOf(document);
        const reference = found && referenceAt(found.file, position);
        if (!found || !reference) return undefined;
        return referencesOf(found.files, reference, context.includeDeclaration).map((span) => new vscode.Location(vscode.Uri.file(span.file), toRange(span)));
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      selector,
      {
        async provideDocumentSymbols(document) {
          const found = await files.fileOf(document);
          if (!found) return undefined;
          return symbolsOf(found.files, found.file).map((symbol) => {
            const whole = new vscode.Range(symbol.line, 0, symbol.lastLine, symbol.lastLineEnd);
            return new vscode.DocumentSymbol(symbol.label, SYMBOL_DETAILS[symbol.sectionKind], SYMBOL_KINDS[symbol.sectionKind], whole, toRange(symbol.nameSpan));
          });
        },
      },
      { label: 'AWS config' },
    ),
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: lensesChanged.event,
      // Lenses come without their command, which VS Code asks for only for those in view: a file of
      // 10,000 profiles then sends 10,000 ranges after a keystroke, not 10,000 commands.
      async provideCodeLenses(document) {
        const found = await files.fileOf(document);
        if (!found) return undefined;
        return profileLenses(found.files, found.file).map(({ profileName, line }) => new ProfileCodeLens(new vscode.Range(line, 0, line, 0), profileName));
      },
      resolveCodeLens(lens: ProfileCodeLens) {
        const active = activeProfile();
        if (active?.profileName === lens.profileName) {
          const title = ['$(pass-filled) active', active.timeLeft].filter(Boolean).join(' · ');
          lens.command = { title, command: COMMANDS.showSessionMenu, tooltip: `The window's AWS session is ${lens.profileName}` };
        } else {
          lens.command = { title: '$(play) Assume', command: COMMANDS.assumeRole, arguments: [lens.profileName], tooltip: `Assume ${lens.profileName} for this window` };
        }
        return lens;
      },
    } satisfies vscode.CodeLensProvider<ProfileCodeLens>),
  ];
}

class ProfileCodeLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly profileName: string,
  ) {
    super(range);
  }
}

const COMPLETION_KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  profile: vscode.CompletionItemKind.Reference,
  ssoSession: vscode.CompletionItemKind.Reference,
  region: vscode.CompletionItemKind.Value,
};

const SYMBOL_KINDS: Record<SectionKind, vscode.SymbolKind> = {
  profile: vscode.SymbolKind.Class,
  'sso-session': vscode.SymbolKind.Interface,
  services: vscode.SymbolKind.Module,
  ignored: vscode.SymbolKind.Null,
};

const SYMBOL_DETAILS: Record<SectionKind, string> = {
  profile: 'profile',
  'sso-session': 'IAM Identity Center sign-in',
  services: 'service endpoints',
  ignored: 'ignored by the AWS SDK',
};

function toRange(span: LineSpan): vscode.Range {
  return new vscode.Range(span.line, span.start, span.line, span.end);
}
