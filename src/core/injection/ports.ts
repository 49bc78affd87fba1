/**
 * The seams of injection (issue 9): how the window's session reaches terminals, debug sessions
 * and long-running processes. The VS Code adapters (`src/injection/`) depend on these types;
 * the credential endpoint's server (`src/platform/credentialEndpointServer.ts`) implements
 * `CredentialEndpoint`.
 */

import type { Disposable } from '../vocabulary/events';
import type { SessionState } from '../lifecycle/windowSessions';

/** `awsRoles.injection`: hand the session over as keys, or as a local endpoint that serves them. */
export type InjectionMode = 'environment' | 'endpoint';

/** Where the credential endpoint listens and the token a client must send. Secret: the token is never logged. */
export interface EndpointAddress {
  /** `http://127.0.0.1:<port>/<path>`: the value of `AWS_CONTAINER_CREDENTIALS_FULL_URI`. */
  readonly url: string;
  /** The value of `AWS_CONTAINER_AUTHORIZATION_TOKEN`: at least 128 random bits, new per window. */
  readonly token: string;
}

/**
 * A loopback server in the container-credentials format that serves the window's session.
 * Its address (url and token) stays the same from `start()` until `stop()`, across renewals and
 * switches, so terminals and processes that hold it never go stale.
 */
export interface CredentialEndpoint extends Disposable {
  /** Starts listening if it is not already; resolves with the address. Idempotent. */
  start(): Promise<EndpointAddress>;
  /** Stops listening; later requests are refused by the OS. Idempotent. */
  stop(): Promise<void>;
  /** The address while listening, else `undefined`. */
  readonly address: EndpointAddress | undefined;
  /**
   * Serves `source` at an address of its own on the same server (its own path and token; issue
   * 22: a terminal opened as a profile), starting the server if needed. Disposing the route ends
   * its address; so does `stop()`.
   */
  serve(source: ServedSessionSource): Promise<EndpointRoute>;
}

/** One session's own address on the credential endpoint. */
export interface EndpointRoute extends Disposable {
  readonly address: EndpointAddress;
}

/**
 * What the endpoint serves from: a session's state (the window's, or a held one's), read at each request. Credentials
 * are served only when the state's session is usable and its end, compared with the wall clock
 * at that moment, has not passed.
 */
export interface ServedSessionSource {
  readonly state: SessionState;
}
