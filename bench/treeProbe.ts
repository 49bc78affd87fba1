/**
 * The `tree-10k` probe: an extension test module (`run()`) loaded into code-server's extension
 * host, with AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE naming the generated 10k-profile
 * files. It times, with the real bundled TreeDataProvider:
 *
 * - roots:  `await provider.getChildren()` on a fresh store (so it includes reading and
 *           modelling both files) plus `getTreeItem` for every root node;
 * - expand: for the role profiles with the longest chains, `await provider.getChildren(node)`
 *           plus `getTreeItem` for each child (the chain's hops are listed lazily, here).
 *
 * The first sample uses the activated extension's own provider, store and model, fresh from
 * activation (nothing has asked for the model yet). Later samples build new instances of the
 * same bundled classes (`ProfileStore`, `ProfileTreeModel`, `ProfileTreeProvider`, reached
 * through the API objects' constructors) so every sample starts from an unloaded store.
 *
 * Then, with `firstRow`, the first-row phase: what a person waits for after opening the view.
 * The bench's page driver (bench/vscodeBench.ts, in the harness process, driving the
 * workbench page) and this probe take turns through files in `firstRow.dir`. For each step the
 * driver names a side; the probe takes down the current tree view of the Profiles view, the
 * driver waits until the view shows no row, arms an observer in the page, and says "show";
 * the probe notes the time and registers a new tree view on the same view: ours (a fresh store,
 * so reading and modelling the files counts) or the baseline, a bare TreeDataProvider of
 * plain labelled items, as many as our roots, with our labels. The driver notes when the first
 * row lands in the page's DOM. Both clocks are the machine's wall clock
 * (`performance.timeOrigin + performance.now()`), so the difference is the wait.
 */

import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ConfigPaths, TextFileReader } from '../src/core/config/configFiles';
import type { FileWatcher, ProfileStore } from '../src/core/config/profileStore';
import type { ExtensionApi } from '../src/extension';
import type { ProfileNode, ProfileTreeNode } from '../src/tree/profileNodes';
import type { ProfileTreeModel } from '../src/tree/profileTreeModel';
import type { ProfileTreeProvider } from '../src/tree/profileTreeProvider';
import type { KeysSessionSettings } from '../src/core/presentation/sessionMessages';
import { PROFILES_VIEW_ID, readHandshake, wallClockMs, writeHandshake, type FirstRowShown, type FirstRowStep } from './firstRowHandshake';
import { readProbeParams, writeProbeResult } from './probeIo';
import { EXTENSION_ID } from '../src/constants';

export interface TreeProbeParams {
  /** Profiles to expand, by name. */
  readonly expand: readonly string[];
  /** Samples after the first (the fresh-from-activation one). */
  readonly samples: number;
  /** How many profiles the generated files hold, to check the tree shows them all. */
  readonly profiles: number;
  /** The first-row phase's handshake folder; no phase without it. */
  readonly firstRow?: {
    readonly dir: string;
    /** With BENCH_TREE_CPU_PROFILE: where to write a CPU profile of the extension host over the phase. */
    readonly cpuProfileFile?: string;
  };
}

export interface TreeSample {
  readonly rootsMs: number;
  /** The part of rootsMs spent in `await getChildren()` (reading and modelling the files). */
  readonly getChildrenMs: number;
  readonly expandMs: number;
  readonly roots: number;
  readonly expandedChildren: number;
}

export interface TreeProbeResult {
  readonly first: TreeSample;
  readonly samples: readonly TreeSample[];
  readonly activateMs: number;
}

/** A watcher that never fires: the samples must not start polling timers that outlive them. */
const quietWatcher: FileWatcher = { watch: () => ({ dispose() {} }) };

async function sample(provider: ProfileTreeProvider, expand: ReadonlySet<string>, profiles: number): Promise<TreeSample> {
  const started = performance.now();
  const roots = await provider.getChildren();
  const getChildrenMs = performance.now() - started;
  for (const node of roots) provider.getTreeItem(node);
  const rootsMs = performance.now() - started;

  const targets = roots.filter((node): node is ProfileNode => 'profile' in node && expand.has(node.profile.name));
  if (roots.length < profiles) throw new Error(`tree probe: the tree shows ${roots.length} roots, expected at least ${profiles}`);
  if (targets.length !== expand.size) throw new Error(`tree probe: found ${targets.length} of the ${expand.size} profiles to expand`);

  const expandStarted = performance.now();
  let expandedChildren = 0;
  for (const node of targets) {
    const children: ProfileTreeNode[] = await provider.getChildren(node);
    for (const child of children) provider.getTreeItem(child);
    expandedChildren += children.length;
  }
  const expandMs = performance.now() - expandStarted;
  return { rootsMs, getChildrenMs, expandMs, roots: roots.length, expandedChildren };
}

export async function run(): Promise<void> {
  const params = readProbeParams<TreeProbeParams>();
  const expand = new Set(params.expand);
  for (const variable of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
    const file = process.env[variable];
    if (!file || !fs.existsSync(file)) throw new Error(`tree probe: ${variable} names no file (${file})`);
  }

  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`tree probe: ${EXTENSION_ID} is not loaded`);
  if (extension.isActive) throw new Error(`tree probe: ${EXTENSION_ID} is already active; its store may have loaded already`);
  const activateStarted = performance.now();
  const api = await extension.activate();
  const activateMs = performance.now() - activateStarted;

  const first = await sample(api.profileView.provider, expand, params.profiles);

  // The bundle's own classes, reached through the instances activate() made.
  const reader = (api.profileStore as unknown as { reader?: TextFileReader }).reader;
  if (typeof reader?.readTextFile !== 'function') throw new Error('tree probe: ProfileStore no longer keeps its reader in `reader`; update bench/treeProbe.ts');
  const Store = api.profileStore.constructor as new (reader: TextFileReader, watcher: FileWatcher, paths: () => ConfigPaths) => ProfileStore;
  const Model = api.profileTreeModel.constructor as new (
    store: ProfileStore,
    onDidChangeActiveProfile?: undefined,
    keysSessionSettings?: () => KeysSessionSettings,
  ) => ProfileTreeModel;
  const Provider = api.profileView.provider.constructor as new (model: ProfileTreeModel) => ProfileTreeProvider;
  const paths = () => api.profileStore.getPaths();

  const samples: TreeSample[] = [];
  for (let i = 0; i < params.samples; i++) {
    const store = new Store(reader, quietWatcher, paths);
    const model = new Model(store);
    const provider = new Provider(model);
    try {
      samples.push(await sample(provider, expand, params.profiles));
    } finally {
      provider.dispose();
      model.dispose();
      store.dispose();
    }
    // Let the event loop run between samples, as between user actions.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (params.firstRow) {
    const labels = (await provider0Labels(api.profileView.provider)).labels;
    api.profileView.dispose();
    // The model as activate() made it: the words for profiles of long-term keys read the settings.
    const keysSessionSettings = (api.profileTreeModel as unknown as { keysSessionSettings?: unknown }).keysSessionSettings;
    if (typeof keysSessionSettings !== 'function') throw new Error('tree probe: ProfileTreeModel no longer keeps `keysSessionSettings`; update bench/treeProbe.ts');
    const showOurs = (): vscode.Disposable => {
      const store = new Store(reader, quietWatcher, paths);
      const model = new Model(store, undefined, keysSessionSettings as () => KeysSessionSettings);
      const provider = new Provider(model);
      const view = vscode.window.createTreeView(PROFILES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
      return { dispose: () => [view, provider, model, store].forEach((part) => part.dispose()) };
    };
    const profiling = params.firstRow.cpuProfileFile ? await startCpuProfile() : undefined;
    await firstRowPhase(params.firstRow.dir, labels, showOurs);
    if (profiling) fs.writeFileSync(params.firstRow.cpuProfileFile!, JSON.stringify(await profiling.stop()));
  }
  const result: TreeProbeResult = { first, samples, activateMs };
  writeProbeResult(result);
}

/** The labels of the roots our provider shows, in order (the baseline shows the same). */
async function provider0Labels(provider: ProfileTreeProvider): Promise<{ labels: string[] }> {
  const roots = await provider.getChildren();
  return { labels: roots.map((node) => String(provider.getTreeItem(node).label ?? '')) };
}

/** The baseline: a bare TreeDataProvider of plain labelled items. */
function showBaseline(labels: readonly string[]): vscode.Disposable {
  const indexes = labels.map((_, index) => index);
  const provider: vscode.TreeDataProvider<number> = {
    getChildren: (element?: number) => (element === undefined ? indexes : []),
    getTreeItem: (index: number) => new vscode.TreeItem(labels[index]),
  };
  return vscode.window.createTreeView(PROFILES_VIEW_ID, { treeDataProvider: provider });
}

/**
 * BENCH_TREE_ONE_SIDE=ours|baseline: every step shows that side, so a profile of the phase is of
 * that side alone (the figures are then not a comparison; for finding where the time goes only).
 */
const oneSide = process.env.BENCH_TREE_ONE_SIDE;
const ONE_SIDE = oneSide === 'ours' || oneSide === 'baseline' ? oneSide : undefined;

async function firstRowPhase(dir: string, labels: readonly string[], showOurs: () => vscode.Disposable): Promise<void> {
  let current: vscode.Disposable | undefined;
  writeHandshake(dir, 'ready.json', { rows: labels.length });
  for (let step = 0; ; step++) {
    const { show } = await readHandshake<FirstRowStep>(dir, `step-${step}.json`);
    current?.dispose();
    current = undefined;
    if (show === 'done') return;
    writeHandshake(dir, `cleared-${step}.json`, {});
    await readHandshake<object>(dir, `show-${step}.json`);
    const registeredAt = wallClockMs();
    current = (ONE_SIDE ?? show) === 'ours' ? showOurs() : showBaseline(labels);
    const shown: FirstRowShown = { registeredAt, rows: labels.length };
    writeHandshake(dir, `shown-${step}.json`, shown);
  }
}

/** A CPU profile of this extension host, taken in-process with Node's inspector. */
async function startCpuProfile(): Promise<{ stop(): Promise<object> }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = await post<{ profile: object }>('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}
