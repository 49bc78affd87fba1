/**
 * Where config-load-10k's time goes. Two steps:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/cfgprof --cpu-prof-interval=100 out/bench/profileConfigLoad.js
 *   node out/bench/profileConfigLoad.js --summarize /tmp/cfgprof/<file>.cpuprofile
 *
 * The first generates the same 10k-profile files as `npm run bench` and runs our loader
 * (the config-load-10k "ours" side) many times; the second prints the functions with the
 * most self time and the source files with the most time, from the profile Node wrote.
 * BENCH_PROFILE_SIDE=baseline profiles the SDK's loader instead.
 *
 *   node out/bench/profileConfigLoad.js --phases
 *
 * times the loader's phases separately (medians of 15 runs, a GC before each, each phase's
 * previous result held as config-load-10k holds it).
 *
 *   node out/bench/profileConfigLoad.js --tree
 *
 * asks the real Profiles tree provider for the same files' rows in plain Node, as VS Code asks
 * it (`vscode` answered by bench/vscodeStub.ts), and prints per tree: the medians of the
 * roots (read, model, sort, nodes) and of making every row, what one tree keeps alive, and what
 * it allocates, garbage included. `tree-10k` in a real VS Code is the figure that counts; this
 * shows in seconds whether a change to the rows makes less work and less garbage, the part of
 * tree-10k that the extension host's garbage collector pays for.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { readFileContent } from '../src/core/config/configFiles';
import { parseIni } from '../src/core/config/iniParser';
import { buildProfileModel, sortProfiles } from '../src/core/config/profileModel';
import { toSharedConfigFiles } from '../src/core/config/sharedConfigFiles';
import { nodeTextFileReader } from '../src/platform/nodeTextFileReader';
import { writeGeneratedConfig, type GeneratedFiles } from './configGenerator';
import { loadBaseline, loadOurs } from './configLoad';
import { collectGarbage, median, round } from './stats';
import { requireWithVscodeStub } from './withVscodeStub';
import type * as ProfileStoreModule from '../src/core/config/profileStore';
import type * as ProfileTreeModelModule from '../src/tree/profileTreeModel';
import type * as ProfileTreeProviderModule from '../src/tree/profileTreeProvider';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarize(file: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const root = process.cwd();
  const where = (node: ProfileNode) => {
    const url = node.callFrame.url.replace(/^file:\/\//, '');
    return url ? `${path.relative(root, url)}:${node.callFrame.lineNumber + 1}` : '(native)';
  };
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id)!;
    const name = `${node.callFrame.functionName || '(anonymous)'}  ${where(node)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const fileName = node.callFrame.url ? path.relative(root, node.callFrame.url.replace(/^file:\/\//, '')) : node.callFrame.functionName;
    byFile.set(fileName, (byFile.get(fileName) ?? 0) + micros);
  }
  const print = (title: string, entries: Map<string, number>, count: number) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`);
    }
  };
  // Inclusive time: every function on a sample's stack gets the sample once.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      if (!node.callFrame.url.includes('/src/')) continue;
      const name = `${node.callFrame.functionName || '(anonymous)'}  ${where(node)}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
  }
  print('self time by function', byFunction, 30);
  print('total (inclusive) time of our functions', inclusive, 25);
  print('self time by file', byFile, 15);
}

/** Median milliseconds of each phase of our loader, timed on its own. */
async function phases(files: GeneratedFiles): Promise<void> {
  const runs = 15;
  const timings = new Map<string, number[]>();
  // Each phase's previous result stays referenced, as in config-load-10k (see configLoad.ts).
  const held = new Map<string, unknown>();
  const time = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    collectGarbage();
    const started = performance.now();
    const result = await run();
    held.set(name, result);
    const list = timings.get(name) ?? [];
    list.push(performance.now() - started);
    timings.set(name, list);
    return result;
  };
  for (let i = 0; i < runs + 3; i++) {
    const config = await time('read config (readFile utf8)', () => readFileContent(nodeTextFileReader, files.configFile));
    const credentials = await time('read credentials (readFile utf8)', () => readFileContent(nodeTextFileReader, files.credentialsFile));
    if (config.status !== 'ok' || credentials.status !== 'ok') throw new Error('generated files unreadable');
    await time('parseIni(config)', () => parseIni(config.text, files.configFile));
    await time('parseIni(credentials)', () => parseIni(credentials.text, files.credentialsFile));
    const shared = await time('toSharedConfigFiles (both parses + sections)', () => toSharedConfigFiles(config, credentials));
    const model = await time('buildProfileModel (merge, problems, chains, sort)', () => buildProfileModel(shared));
    // In file order, as buildProfileModel sorts them (the generated files are shuffled).
    const inFileOrder = [...model.profiles].sort((a, b) => (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0));
    await time('  of which: sort 10k profiles with sortProfiles (file order)', () => sortProfiles(inFileOrder));
    await time('whole loadOurs (as in config-load-10k)', () => loadOurs(files.configFile, files.credentialsFile));
    await time('whole loadBaseline (SDK)', () => loadBaseline(files.configFile, files.credentialsFile));
  }
  for (const [name, list] of timings) console.log(`${String(round(median(list.slice(3)), 1)).padStart(7)} ms  ${name}`);
}

/** `--tree`: the tree's rows in plain Node; see the header. */
async function treeRows(files: GeneratedFiles): Promise<void> {
  const { ProfileStore } = requireWithVscodeStub<typeof ProfileStoreModule>('../src/core/config/profileStore');
  const { ProfileTreeModel } = requireWithVscodeStub<typeof ProfileTreeModelModule>('../src/tree/profileTreeModel');
  const { ProfileTreeProvider } = requireWithVscodeStub<typeof ProfileTreeProviderModule>('../src/tree/profileTreeProvider');
  const paths = { configFile: files.configFile, credentialsFile: files.credentialsFile };
  // As activate() makes the model: the words for profiles of long-term keys read these settings.
  const keysSession = () => ({ longTermKeysAllowed: () => false, mfaSessionSeconds: 12 * 3600 });
  /** One tree, asked of the real provider as VS Code asks it: the roots, then every root's item. */
  const buildTree = async () => {
    const store = new ProfileStore(nodeTextFileReader, { watch: () => ({ dispose() {} }) }, () => paths);
    const treeModel = new ProfileTreeModel(store, undefined, keysSession);
    const provider = new ProfileTreeProvider(treeModel);
    const started = performance.now();
    const roots = await provider.getChildren();
    const rootsDone = performance.now();
    const items = roots.map((node) => provider.getTreeItem(node));
    return { kept: { store, treeModel, provider, roots, items }, rootsMs: rootsDone - started, rowsMs: performance.now() - rootsDone };
  };

  const runs = 30;
  const rootsMs: number[] = [];
  const rowsMs: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const tree = await buildTree();
    // Let the event loop run between trees, as between user actions.
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (i < 5) continue; // warm-up
    rootsMs.push(tree.rootsMs);
    rowsMs.push(tree.rowsMs);
  }
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const held = await buildTree();
  collectGarbage();
  const keptBytes = process.memoryUsage().heapUsed - before;
  void held.kept;

  // Everything allocated, garbage included: V8's sampling heap profiler, told to keep what the collector took.
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  const sampled = 10;
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = 0; i < sampled; i++) await buildTree();
  const { profile } = await post<{ profile: { head: HeapNode } }>('HeapProfiler.stopSampling');
  session.disconnect();
  const allocated = (node: HeapNode): number => node.selfSize + node.children.reduce((sum, child) => sum + allocated(child), 0);

  console.log(`${files.profileCount} profiles, medians of ${runs} trees:`);
  console.log(`${String(round(median(rootsMs), 1)).padStart(7)} ms  roots (read, model, sort, nodes)`);
  console.log(`${String(round(median(rowsMs), 1)).padStart(7)} ms  every row's TreeItem`);
  console.log(`${String(round(keptBytes / 1e6, 1)).padStart(7)} MB  kept alive by one tree`);
  console.log(`${String(round(allocated(profile.head) / sampled / 1e6, 1)).padStart(7)} MB  allocated per tree, garbage included`);
}

interface HeapNode {
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

async function main(): Promise<void> {
  const summarizeAt = process.argv.indexOf('--summarize');
  if (summarizeAt !== -1) {
    summarize(process.argv[summarizeAt + 1]);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-role-sessions-profile-'));
  try {
    const files = writeGeneratedConfig(dir, 10_000, Number(process.env.BENCH_SEED) || 20240601);
    if (process.argv.includes('--phases')) {
      await phases(files);
      return;
    }
    if (process.argv.includes('--tree')) {
      await treeRows(files);
      return;
    }
    const load = process.env.BENCH_PROFILE_SIDE === 'baseline' ? loadBaseline : loadOurs;
    let previous: unknown; // held like the bench's runs (see configLoad.ts)
    const runs = Number(process.env.BENCH_PROFILE_RUNS) || 40;
    const started = Date.now();
    for (let i = 0; i < runs; i++) previous = (await load(files.configFile, files.credentialsFile)).result;
    if (previous === undefined) throw new Error('nothing loaded');
    console.log(`${runs} runs of ${load.name}: ${((Date.now() - started) / runs).toFixed(1)} ms each`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
