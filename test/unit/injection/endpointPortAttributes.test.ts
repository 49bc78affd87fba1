/** The credential endpoint's port kept out of VS Code's automatic port forwarding, for its current port only. */

import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Emitter } from '../../../src/core/events';
import type { EndpointAddress } from '../../../src/core/injection/ports';
import { endpointPort, IGNORE_PORT, keepEndpointPortUnforwarded, type PortAttributesProvider, type PortAttributesSelector } from '../../../src/injection/endpointPortAttributes';
import { CredentialEndpointServer } from '../../../src/platform/credentialEndpointServer';
import { FakeSessionLogger } from '../../fakes/fakeSessionLogger';

const TOKEN = 'the-window-token';
const at = (port: number): EndpointAddress => ({ url: `http://127.0.0.1:${port}/aws-role-sessions/0123abcd`, token: TOKEN });

/** The endpoint as the adapter sees it: an address that a start and a stop change. */
class FakeEndpoint {
  private readonly changed = new Emitter<EndpointAddress | undefined>();
  readonly onDidChangeAddress = this.changed.event;
  address: EndpointAddress | undefined;

  listenOn(port: number): void {
    this.address = at(port);
    this.changed.fire(this.address);
  }

  stop(): void {
    this.address = undefined;
    this.changed.fire(undefined);
  }
}

interface Registration {
  readonly selector: PortAttributesSelector;
  readonly provider: PortAttributesProvider;
  disposed: boolean;
}

/** `vscode.workspace` with the proposed registration, recording what is registered. */
function workspaceWithProposal(): { workspace: typeof vscode.workspace; registrations: Registration[] } {
  const registrations: Registration[] = [];
  const workspace = {
    registerPortAttributesProvider(selector: PortAttributesSelector, provider: PortAttributesProvider) {
      const registration: Registration = { selector, provider, disposed: false };
      registrations.push(registration);
      return { dispose: () => void (registration.disposed = true) };
    },
  };
  return { workspace: workspace as unknown as typeof vscode.workspace, registrations };
}

function lines(): { info(message: string): void; lines: string[] } {
  const collected: string[] = [];
  return { lines: collected, info: (message) => void collected.push(message) };
}

describe('credential endpoint: its port kept from automatic forwarding', () => {
  it('reads the port from the endpoint URL', () => {
    assert.equal(endpointPort(at(40123)), 40123);
    assert.equal(endpointPort(undefined), undefined);
  });

  it('registers nothing until the endpoint listens, then its port alone, answered Ignore', () => {
    const endpoint = new FakeEndpoint();
    const { workspace, registrations } = workspaceWithProposal();
    const log = lines();
    keepEndpointPortUnforwarded(endpoint, workspace, log);
    assert.equal(registrations.length, 0);

    endpoint.listenOn(40123);
    assert.equal(registrations.length, 1);
    assert.deepEqual(registrations[0].selector, { portRange: [40123, 40124] });
    assert.deepEqual(registrations[0].provider.providePortAttributes({ port: 40123 }), { autoForwardAction: IGNORE_PORT });
    // A port that is not the endpoint's is left to VS Code and the user's settings.
    assert.equal(registrations[0].provider.providePortAttributes({ port: 40124 }), undefined);
    assert.equal(registrations[0].provider.providePortAttributes({ port: 3000 }), undefined);
    // The older proposal passed the port as a number.
    assert.deepEqual(registrations[0].provider.providePortAttributes(40123), { autoForwardAction: IGNORE_PORT });
    assert.deepEqual(log.lines, []);
  });

  it('follows a stop and a start on another port: the old port is let go, the new one kept', () => {
    const endpoint = new FakeEndpoint();
    endpoint.listenOn(40123);
    const { workspace, registrations } = workspaceWithProposal();
    keepEndpointPortUnforwarded(endpoint, workspace, lines());
    assert.equal(registrations.length, 1, 'already listening when registered');

    endpoint.stop();
    assert.equal(registrations[0].disposed, true);
    assert.equal(registrations[0].provider.providePortAttributes({ port: 40123 }), undefined, 'nothing listens there any more');

    endpoint.listenOn(40999);
    assert.equal(registrations.length, 2);
    assert.deepEqual(registrations[1].selector, { portRange: [40999, 41000] });
    assert.deepEqual(registrations[1].provider.providePortAttributes({ port: 40999 }), { autoForwardAction: IGNORE_PORT });
    assert.equal(registrations[0].provider.providePortAttributes({ port: 40999 }), undefined, "the old registration never speaks for the new port");
  });

  it('lets go of the port when disposed, and hears no more changes', () => {
    const endpoint = new FakeEndpoint();
    endpoint.listenOn(40123);
    const { workspace, registrations } = workspaceWithProposal();
    keepEndpointPortUnforwarded(endpoint, workspace, lines()).dispose();
    assert.equal(registrations[0].disposed, true);
    endpoint.listenOn(40999);
    assert.equal(registrations.length, 1);
  });

  it('where VS Code refuses the proposal, says so once, without the token, and tries no more', () => {
    const endpoint = new FakeEndpoint();
    let calls = 0;
    const workspace = {
      registerPortAttributesProvider() {
        calls += 1;
        throw new Error("Extension 'aws-role-sessions.aws-role-sessions' CANNOT use API proposal: portsAttributes.");
      },
    } as unknown as typeof vscode.workspace;
    const log = lines();
    keepEndpointPortUnforwarded(endpoint, workspace, log);
    endpoint.listenOn(40123);
    endpoint.stop();
    endpoint.listenOn(40999);
    assert.equal(calls, 1);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /port 40123 out of automatic port forwarding/);
    assert.ok(!log.lines[0].includes(TOKEN));
  });

  it('where the API is not there at all (an older or other host), the same', () => {
    const endpoint = new FakeEndpoint();
    const log = lines();
    keepEndpointPortUnforwarded(endpoint, {} as typeof vscode.workspace, log);
    endpoint.listenOn(40123);
    assert.equal(log.lines.length, 1);
  });

  it('with the real endpoint: the port it listens on, then none after Stop, then the new one after a start', async () => {
    const server = new CredentialEndpointServer({ state: { status: 'none', session: undefined } }, { time: { now: () => Date.now() }, logger: new FakeSessionLogger() });
    const { workspace, registrations } = workspaceWithProposal();
    const kept = keepEndpointPortUnforwarded(server, workspace, lines());
    try {
      const first = endpointPort(await server.start());
      assert.deepEqual(registrations.map((r) => r.selector.portRange), [[first, first! + 1]]);
      await server.stop();
      assert.equal(registrations[0].disposed, true);
      const second = endpointPort(await server.start());
      assert.deepEqual(registrations.map((r) => r.selector.portRange[0]), [first, second]);
      assert.deepEqual(registrations[1].provider.providePortAttributes({ port: second! }), { autoForwardAction: IGNORE_PORT });
    } finally {
      kept.dispose();
      server.dispose();
    }
  });
});
