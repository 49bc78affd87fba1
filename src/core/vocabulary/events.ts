/** A tiny event emitter in VS Code's `Event` shape, so the core can fire events without `vscode`. */

/** Something that holds a resource until it is disposed. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; the returned disposable unsubscribes it. Same shape as `vscode.Event`. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Owns the listeners of one event. Expose `event`, keep `fire` private to the owner. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // A copy, so a listener that unsubscribes while being called does not skip another.
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
