/**
 * Holds what an owner must release when it goes (listeners, emitters, timers, servers), so the
 * owner's `dispose()` is one call instead of a list and a `disposed` flag of its own. The shape
 * of VS Code's `DisposableStore` (`lifecycle.ts`), without `vscode`: the core uses it too.
 */

import type { Disposable } from './events';

export class DisposableStore implements Disposable {
  private readonly held: Disposable[] = [];
  private disposed = false;

  /** True once `dispose()` ran: async work that finishes later checks it before touching anything. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Keeps `disposable` until the store is disposed, and returns it so it can be kept in a field
   * on the same line. Once the store is disposed, whatever arrives is disposed at once: a
   * listener subscribed by work that finished late must not outlive its owner.
   */
  add<T extends Disposable>(disposable: T): T {
    if (this.disposed) disposeAll([disposable]);
    else this.held.push(disposable);
    return disposable;
  }

  /**
   * Disposes everything once, newest first (what was added later may use what came before it).
   * One throwing does not keep the others alive: every one is disposed, then the error is thrown
   * (several: an AggregateError of them all).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.held.splice(0).reverse());
  }
}

function disposeAll(disposables: readonly Disposable[]): void {
  const errors: unknown[] = [];
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} of ${disposables.length} disposables failed to dispose`);
}
