/**
 * The federation port over Node's `fetch`: one GET, its status and body. The URL carries the
 * session's credentials, so it is never logged and never put in an error: a failure is re-raised
 * as an error that keeps only the network code (`ECONNREFUSED`…) or the abort.
 */

import type { FederationAnswer, FederationPort } from '../core/console/consoleSignIn';

/** The sign-in service answers in well under a second; a hung connection is given up on. */
const FEDERATION_TIMEOUT_MS = 15_000;
/** A sign-in token is a few hundred bytes; anything far larger is not the federation endpoint. */
const MAX_BODY_CHARS = 64 * 1024;

export function fetchFederationClient(timeoutMs = FEDERATION_TIMEOUT_MS): FederationPort {
  return {
    async get(url: string, signal?: AbortSignal): Promise<FederationAnswer> {
      const controller = new AbortController();
      const abort = () => controller.abort();
      const timer = setTimeout(abort, timeoutMs);
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted) abort();
      try {
        // No redirects: the credentials go to the endpoint named, nowhere else.
        const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: controller.signal, headers: { accept: 'application/json' } });
        const body = await response.text();
        return { status: response.status, body: body.slice(0, MAX_BODY_CHARS) };
      } catch (error) {
        throw withoutUrl(error, controller.signal.aborted ? (signal?.aborted ? 'AbortError' : 'TimeoutError') : undefined);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
    },
  };
}

/** An error that says why (`code`, `name`) and nothing else: fetch's messages may quote the URL. */
function withoutUrl(error: unknown, name: string | undefined): Error {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  const safe = new Error('the federation request got no answer');
  safe.name = name ?? (error instanceof Error && /^\w{1,40}$/.test(error.name) ? error.name : 'Error');
  if (typeof code === 'string' && /^[A-Z_0-9]{2,40}$/.test(code)) (safe as Error & { code?: string }).code = code;
  return safe;
}
