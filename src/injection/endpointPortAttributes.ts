/**
 * Keeps the credential endpoint's port out of VS Code's automatic port forwarding (issue 20 §5).
 * In a remote window (Remote-SSH, Dev Containers, Codespaces, code-server) VS Code forwards the
 * ports it sees listening to the person's own machine and says so; the endpoint is for the
 * window's terminals and debug sessions, which run beside it, so its port is marked
 * `autoForwardAction: Ignore`. The port is known only once the endpoint listens and can change
 * across a stop and start, so the provider is registered for the current port alone and
 * registered again whenever it changes.
 *
 * `workspace.registerPortAttributesProvider` is still a proposed API (`portsAttributes`: absent
 * from @types/vscode 1.90 up to 1.146), and VS Code refuses it to an extension that is not
 * allowed that proposal. Then this says so once in the log and does nothing more: the endpoint
 * still answers only a request with the window's token, forwarded or not.
 *
 * No runtime import of `vscode`: the composition root hands in `vscode.workspace`, so the rule
 * below runs under plain mocha.
 */

import type * as vscode from 'vscode';
import type { Disposable, Event } from '../core/events';
import type { EndpointAddress } from '../core/injection/ports';

/** `PortAutoForwardAction.Ignore` of the proposal: the port is neither forwarded nor shown. */
export const IGNORE_PORT = 5;

/** What the provider answers, in the proposal's shape (VS Code reads `autoForwardAction` only). */
export interface PortAttributesAnswer {
  readonly autoForwardAction: number;
}

/** The proposal's provider. VS Code before the August 2023 change passed `(port, pid, commandLine, token)`. */
export interface PortAttributesProvider {
  providePortAttributes(attributes: { readonly port: number } | number): PortAttributesAnswer | undefined;
}

/** The proposal's selector: `portRange` is start inclusive, end exclusive. */
export interface PortAttributesSelector {
  readonly portRange: [number, number];
}

type RegisterPortAttributesProvider = (selector: PortAttributesSelector, provider: PortAttributesProvider) => Disposable;

/** The endpoint as this needs it: where it listens, and when that changes. */
export interface WatchedEndpoint {
  readonly address: EndpointAddress | undefined;
  readonly onDidChangeAddress: Event<EndpointAddress | undefined>;
}

/** The port of an endpoint URL (`http://127.0.0.1:PORT/…`), or `undefined` when it names none. */
export function endpointPort(address: EndpointAddress | undefined): number | undefined {
  if (!address) return undefined;
  const port = Number(new URL(address.url).port);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/**
 * Marks the endpoint's current port as never to be forwarded, for as long as it listens there.
 * Returns the disposable to push onto `context.subscriptions`.
 */
export function keepEndpointPortUnforwarded(endpoint: WatchedEndpoint, workspace: typeof vscode.workspace, log: { info(message: string): void }): Disposable {
  let current: { readonly port: number; readonly registration: Disposable } | undefined;
  let refused = false;

  const follow = (address: EndpointAddress | undefined) => {
    const port = endpointPort(address);
    if (port === current?.port) return;
    current?.registration.dispose();
    current = undefined;
    if (port === undefined || refused) return;
    const register = (workspace as unknown as { registerPortAttributesProvider?: RegisterPortAttributesProvider }).registerPortAttributesProvider;
    try {
      if (typeof register !== 'function') throw new Error('no registerPortAttributesProvider');
      const provider: PortAttributesProvider = {
        // Only ever the port it was registered for, and only while the endpoint is still there.
        providePortAttributes: (attributes) => {
          const asked = typeof attributes === 'number' ? attributes : attributes.port;
          return asked === port && current?.port === port ? { autoForwardAction: IGNORE_PORT } : undefined;
        },
      };
      current = { port, registration: register.call(workspace, { portRange: [port, port + 1] }, provider) };
    } catch {
      // VS Code's message names the proposal and the extension; the line below says what it means.
      refused = true;
      log.info(
        `credential endpoint: VS Code does not let this extension keep port ${port} out of automatic port forwarding (its API for that is still a proposal);` +
          ' in a remote window the Ports view may list it: it answers only requests with the token of this window\'s terminals',
      );
    }
  };

  follow(endpoint.address);
  const listening = endpoint.onDidChangeAddress(follow);
  return {
    dispose() {
      listening.dispose();
      current?.registration.dispose();
      current = undefined;
    },
  };
}
