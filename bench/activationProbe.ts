/**
 * The `activation` probe: an extension test module (`run()`) that the bench loads into a fresh
 * code-server window's extension host. It activates our extension and the bench's no-op
 * extension, cold and in the order the bench asks, timing each `await extension.activate()`
 * (which loads the extension's main module, builds its ExtensionContext and runs `activate`).
 */

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { readProbeParams, writeProbeResult } from './probeIo';

export interface ActivationProbeParams {
  /** Which to activate first; the bench alternates it between windows. */
  readonly order: readonly ('ours' | 'noop')[];
  readonly ids: { readonly ours: string; readonly noop: string };
}

export interface ActivationProbeResult {
  readonly order: readonly ('ours' | 'noop')[];
  /** Milliseconds of `await activate()`, by extension. */
  readonly ms: { ours: number; noop: number };
}

export async function run(): Promise<void> {
  const params = readProbeParams<ActivationProbeParams>();
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

  const ms = { ours: NaN, noop: NaN };
  for (const which of params.order) {
    const extension = extensions[which]!;
    const started = performance.now();
    const exports: unknown = await extension.activate();
    ms[which] = performance.now() - started;
    if (!extension.isActive) throw new Error(`activation probe: ${extension.id} is not active after activate()`);
    if (which === 'ours' && !(exports && typeof exports === 'object' && 'profileStore' in exports)) {
      throw new Error('activation probe: our activate() did not return the extension API');
    }
  }
  const result: ActivationProbeResult = { order: params.order, ms };
  writeProbeResult(result);
}
