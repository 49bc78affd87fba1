/**
 * How an integration spec reaches the extension under test, and the AWS files the harness names
 * in the window's environment (runIntegrationTests.ts: they do not exist until a spec writes them).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/constants';
import type { ExtensionApi } from '../../../src/extension';
import { credentialsFile as credentialsText, localStsServices, type Principal } from '../principals';

export const configFile = process.env.AWS_CONFIG_FILE ?? '';
export const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE ?? '';

/** The installed extension; the spec fails when it is not there. */
export function ourExtension(): vscode.Extension<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} not found`);
  return extension;
}

/**
 * Activates the extension and hands back its API; with `reload`, it reads the AWS files the spec
 * just wrote, and with `signOut`, it starts from no session (an earlier spec's may be kept).
 */
export async function activateExtension(options: { readonly reload?: boolean; readonly signOut?: boolean } = {}): Promise<ExtensionApi> {
  const api = await ourExtension().activate();
  if (options.reload) await api.profileStore.reload();
  if (options.signOut) await api.sessions.signOut();
  return api;
}

/**
 * Writes the window's AWS files: the config, its profiles after a `[services local-sts]`
 * section that sends their STS calls to `stsUrl`, and the credentials, each profile's principal.
 */
export function writeAwsFiles(stsUrl: string, profiles: readonly string[], credentials: Readonly<Record<string, Principal>>): void {
  fs.writeFileSync(configFile, [...localStsServices('local-sts', stsUrl), ...profiles, ''].join('\n'));
  fs.writeFileSync(credentialsFile, credentialsText(credentials));
}
