/** The time port of the core, backed by the system's wall clock and Node's timers. */

import type { TimeSource } from '../core/vocabulary/ports';

export const systemTime: TimeSource = {
  now: () => Date.now(),
  schedule: (delayMs, callback) => {
    const handle = setTimeout(callback, delayMs);
    return { dispose: () => clearTimeout(handle) };
  },
};
