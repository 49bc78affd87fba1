/**
 * Looks for secrets where none may be: in every file under some folders and in texts a person
 * saw (notifications, dialogs, terminals). A test names every secret its run created (keys,
 * session tokens, MFA codes, endpoint and sign-in tokens); the report says where each was found
 * and what kind it was, never the secret itself, so a failing test does not leak it again.
 *
 * Matching is on the exact text, in files read both as bytes (UTF-8, Latin-1) and as UTF-16
 * (Chromium's storage keeps strings that way). An access key id may appear only as its last
 * four characters, so the full id is searched for. A six-digit MFA code matches only as a run
 * of exactly six digits, so that a longer number holding it is no leak.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Secret {
  /** What it is, for the report: "MFA session's secret access key", "endpoint token"… */
  readonly kind: string;
  readonly value: string;
}

export interface SeenText {
  /** Where a person saw it: "notification", "terminal 3"… */
  readonly where: string;
  readonly text: string;
}

export interface Leak {
  readonly where: string;
  readonly kind: string;
}

export interface ScanReport {
  readonly leaks: readonly Leak[];
  readonly filesScanned: number;
  readonly textsScanned: number;
}

/** Secrets shorter than this are refused: a short needle finds itself by chance. */
const MIN_SECRET_LENGTH = 6;

function matcher(secret: Secret): (text: string) => boolean {
  if (/^\d{6}$/.test(secret.value)) {
    const code = new RegExp(`(?<!\\d)${secret.value}(?!\\d)`);
    return (text) => code.test(text);
  }
  return (text) => text.includes(secret.value);
}

/** Every file under `dir` (symlinks not followed), skipping paths for which `skip` says so. */
function filesUnder(dir: string, skip: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory()) found.push(...filesUnder(full, skip));
    else if (entry.isFile()) found.push(full);
  }
  return found;
}

/**
 * Searches `folders` (every file, recursively, except those `skip` names) and `texts` for each
 * of `secrets`.
 */
export function scanForSecrets(options: { secrets: readonly Secret[]; folders?: readonly string[]; texts?: readonly SeenText[]; skip?: (file: string) => boolean }): ScanReport {
  for (const secret of options.secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH) throw new Error(`the ${secret.kind} given to the scan is too short to search for (${secret.value.length} characters)`);
  }
  const matchers = options.secrets.map((secret) => ({ kind: secret.kind, test: matcher(secret) }));
  const leaks: Leak[] = [];
  const skip = options.skip ?? (() => false);
  let filesScanned = 0;
  for (const folder of options.folders ?? []) {
    for (const file of filesUnder(folder, skip)) {
      filesScanned++;
      const bytes = fs.readFileSync(file);
      const readings = [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
      for (const { kind, test } of matchers) {
        if (readings.some(test)) leaks.push({ where: file, kind });
      }
    }
  }
  for (const seen of options.texts ?? []) {
    for (const { kind, test } of matchers) {
      if (test(seen.text)) leaks.push({ where: seen.where, kind });
    }
  }
  return { leaks, filesScanned, textsScanned: options.texts?.length ?? 0 };
}

/** The leaks as lines for an assertion message: where, and what kind of secret. */
export function describeLeaks(leaks: readonly Leak[]): string {
  return leaks.map((leak) => `${leak.kind} in ${leak.where}`).join('\n');
}
