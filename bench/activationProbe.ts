/**
 * The `activation` probe: an extension test module (`run()`) that the bench loads into a fresh
 * code-server window's extension host. It activates our extension and the bench's no-op
 * extension, cold and in the order the bench asks, timing each `await extension.activate()`
 * (which loads the extension's main module, builds its ExtensionContext and runs `activate`).
 *
 * With a stored session (`storedMarkerFile`), the probe runs twice in one window: the first run
 * stores a session in our SecretStorage, the bench reloads the page, and the second run measures
 * the activation that restores it (and how long until the restored session is active, since the
 * restore runs after `activate` returns).
 *
 * Then, in the same window, the restore path alone, repeated: a session stored through the vault,
 * `sessions.restore(() => vault.load())` timed until the session is active and the status bar
 * item shows it.
 */

import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../src/extension';
import type { RoleSession } from '../src/core/vocabulary/sessionTypes';
import { prodChain } from './prodChain';
import { readProbeParams, writeProbeResult } from './probeIo';

export interface ActivationProbeParams {
  /** Which to activate first; the bench alternates it between windows. */
  readonly order: readonly ('ours' | 'noop')[];
  readonly ids: { readonly ours: string; readonly noop: string };
  /**
   * Activate with a stored session to restore: the probe runs twice in the window. First (this
   * file missing) it activates ours untimed, stores a session through its vault and writes this
   * file; the bench then reloads the page (SecretStorage keeps what was stored), and the second
   * run measures as usual, ours restoring the stored session.
   */
  readonly storedMarkerFile?: string;
}

export interface ActivationProbeResult {
  readonly order: readonly ('ours' | 'noop')[];
  /** Milliseconds of `await activate()`, by extension. */
  readonly ms: { ours: number; noop: number };
  readonly restore: RestoreFigures;
  /** With a stored session: what the activation after the reload brought back. */
  readonly restoredOnActivation?: {
    /** ms from the start of ours' activate() until the stored session was active (restore runs after activate returns). */
    readonly msFromActivateStart: number;
    readonly statusBarText: string;
    readonly sdkLoaded: boolean;
  };
}

export interface RestoreFigures {
  /** ms of each restore (SecretStorage read + parse + state change + status bar render), the first one first. */
  readonly runsMs: number[];
  /** Whether the AWS SDK bundle (dist/awsSdk.js) was loaded by the end: a restore must not load it. */
  readonly sdkLoaded: boolean;
  /** The status bar text right after the first restore. */
  readonly statusBarText: string;
}

const RESTORE_RUNS = 5;

/** A session as the vault keeps one: a 3-hop chain behind MFA with an hour left. Nothing here is a real credential. */
function storedSession(): RoleSession {
  const now = Date.now();
  return {
    profileName: 'bench-restored',
    credentials: { accessKeyId: 'ASIABENCHRESTORE0001', secretAccessKey: 'bench-restore-not-a-secret', sessionToken: 'bench-restore-token', expiration: new Date(now + 3600_000) },
    region: 'us-east-1',
    assumedRoleArn: 'arn:aws:sts::444444444444:assumed-role/Prod/bench-vscode',
    identity: { account: '444444444444', arn: 'arn:aws:sts::444444444444:assumed-role/Prod/bench-vscode', userId: 'AROABENCH:bench-vscode' },
    obtainedAt: now,
    stsCalls: 3,
    notices: [],
    chain: prodChain('bench-restored'),
    mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
    mfaSessionExpiration: new Date(now + 8 * 3600_000),
  };
}

function sdkLoaded(): boolean {
  return Object.keys(require.cache).some((file) => /[\\/]awsSdk\.js$/.test(file));
}

/** Stores a session in our SecretStorage, then times bringing it back as activation does after a reload. */
async function measureRestore(api: ExtensionApi): Promise<RestoreFigures> {
  // activate() started its own restore, which found nothing: let its SecretStorage read settle first.
  await api.vault.load();
  await new Promise((resolve) => setTimeout(resolve, 100));
  // A getter: read afresh each time (TypeScript would otherwise narrow it across the awaits).
  const status = (): string => api.sessions.state.status;
  if (status() !== 'none') throw new Error(`activation probe: the fresh window already has a session (${status()})`);
  const runsMs: number[] = [];
  let statusBarText = '';
  for (let run = 0; run < RESTORE_RUNS; run++) {
    await api.vault.save(storedSession());
    const started = performance.now();
    const restored = await api.sessions.restore(() => api.vault.load());
    const ms = performance.now() - started;
    const text = api.statusBar.item.text;
    if (restored?.profileName !== 'bench-restored' || status() !== 'active' || !text.includes('bench-restored')) {
      throw new Error(`activation probe: restore ${run + 1} did not bring the stored session back (state ${status()}, status bar "${text}")`);
    }
    if (run === 0) statusBarText = text;
    runsMs.push(ms);
    // Sign Out deletes the stored session: the next run stores and restores afresh.
    await api.sessions.signOut();
  }
  return { runsMs, sdkLoaded: sdkLoaded(), statusBarText };
}

/**
 * Waits until every extension that activates on `onStartupFinished` is active (at most 30 s),
 * then a moment more: activations running meanwhile would share the extension host's thread
 * with the measured one. (The bench loads ours with no activation event, so it waits its turn.)
 */
async function startupActivationsSettled(): Promise<void> {
  const atStartup = vscode.extensions.all.filter((e) => ((e.packageJSON as { activationEvents?: string[] }).activationEvents ?? []).includes('onStartupFinished'));
  const deadline = Date.now() + 30_000;
  while (atStartup.some((e) => !e.isActive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** The first run of a stored-session window: store a session for the run after the reload. */
async function storeForReload(ours: vscode.Extension<unknown>, markerFile: string): Promise<void> {
  const api = (await ours.activate()) as ExtensionApi;
  await api.vault.save(storedSession());
  const back = await api.vault.load();
  if (back?.profileName !== 'bench-restored') throw new Error('activation probe: the session stored for the reload does not read back');
  fs.writeFileSync(markerFile, JSON.stringify({ storedAt: Date.now() }));
}

/** Resolves with ms since `started` once the service has restored a session (it may have already). */
function whenRestored(api: ExtensionApi, started: number): Promise<number> {
  if (api.sessions.state.status !== 'none') return Promise.resolve(performance.now() - started);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`activation probe: no session restored within 30 s of activation (state ${api.sessions.state.status})`));
    }, 30_000);
    const listener = api.sessions.onDidChangeSession((change) => {
      if (change.reason !== 'restored') return;
      clearTimeout(timer);
      listener.dispose();
      resolve(performance.now() - started);
    });
  });
}

export async function run(): Promise<void> {
  const params = readProbeParams<ActivationProbeParams>();
  if (params.storedMarkerFile && !fs.existsSync(params.storedMarkerFile)) {
    const ours = vscode.extensions.getExtension(params.ids.ours);
    if (!ours) throw new Error(`activation probe: extension ${params.ids.ours} is not loaded`);
    return storeForReload(ours, params.storedMarkerFile);
  }
  const extensions = {
    ours: vscode.extensions.getExtension(params.ids.ours),
    noop: vscode.extensions.getExtension(params.ids.noop),
  };
  for (const which of ['ours', 'noop'] as const) {
    const extension = extensions[which];
    if (!extension) {
      const loaded = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
      throw new Error(`activation probe: extension ${params.ids[which]} is not loaded (loaded: ${loaded.join(', ')})`);
    }
    // Cold means cold: something that activated it already would make the figure meaningless.
    if (extension.isActive) {
      throw new Error(`activation probe: ${extension.id} is ALREADY ACTIVE before the bench activated it; the measurement would not be cold`);
    }
  }

  await startupActivationsSettled();
  const ms = { ours: NaN, noop: NaN };
  let api: ExtensionApi | undefined;
  let restoredOnActivation: Promise<number> | undefined;
  for (const which of params.order) {
    const extension = extensions[which]!;
    if (extension.isActive) throw new Error(`activation probe: ${extension.id} was activated by something else before its turn`);
    const started = performance.now();
    const exports: unknown = await extension.activate();
    if (which === 'ours' && params.storedMarkerFile) restoredOnActivation = whenRestored(exports as ExtensionApi, started);
    ms[which] = performance.now() - started;
    if (!extension.isActive) throw new Error(`activation probe: ${extension.id} is not active after activate()`);
    if (which === 'ours' && !(exports && typeof exports === 'object' && 'profileStore' in exports)) {
      throw new Error('activation probe: our activate() did not return the extension API');
    }
    if (which === 'ours') api = exports as ExtensionApi;
  }
  let restored: ActivationProbeResult['restoredOnActivation'];
  if (restoredOnActivation) {
    const msFromActivateStart = await restoredOnActivation;
    const statusBarText = api!.statusBar.item.text;
    if (api!.sessions.state.session?.profileName !== 'bench-restored' || !statusBarText.includes('bench-restored')) {
      throw new Error(`activation probe: the reload restored "${api!.sessions.state.session?.profileName}", status bar "${statusBarText}"`);
    }
    restored = { msFromActivateStart, statusBarText, sdkLoaded: sdkLoaded() };
    // The in-window restore timing below starts from no session.
    await api!.sessions.signOut();
  }
  const restore = await measureRestore(api!);
  const result: ActivationProbeResult = { order: params.order, ms, restore, ...(restored ? { restoredOnActivation: restored } : {}) };
  writeProbeResult(result);
}
