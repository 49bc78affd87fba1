/**
 * `promise`, or a rejection with `reason()` as soon as `signal` aborts. `reason` runs once, at the
 * abort, so a caller that gives up can do its own leaving there. The abort listener goes once the
 * promise settles, and a later rejection of `promise` is always handled.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, reason: () => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(reason());
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
