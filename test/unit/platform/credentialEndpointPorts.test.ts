/**
 * Where the credential endpoint listens (issue 20 §5): the first free port of its range, which
 * package.json keeps out of VS Code's automatic port forwarding; past a taken one to the next; and
 * when the whole range is taken, any free port, said once in the log. Real sockets on loopback.
 */

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { EndpointAddress } from '../../../src/core/injection/ports';
import { CredentialEndpointServer, type PortRange } from '../../../src/platform/credentialEndpointServer';
import { FakeSessionLogger } from '../../support/fakes/fakeSessionLogger';

/** Another program listening on `port` of 127.0.0.1 (0: any free port). */
async function holdPort(port = 0): Promise<net.Server> {
  const holder = net.createServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(port, '127.0.0.1', resolve);
  });
  return holder;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
const portIn = (address: EndpointAddress) => Number(new URL(address.url).port);
const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('credential endpoint: the port it listens on', () => {
  const held: net.Server[] = [];
  const servers: CredentialEndpointServer[] = [];

  function endpoint(ports: PortRange, logger = new FakeSessionLogger()): CredentialEndpointServer {
    const server = new CredentialEndpointServer({ state: { status: 'none', session: undefined } }, { time: { now: () => Date.now() }, logger, ports });
    servers.push(server);
    return server;
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await Promise.all(held.splice(0).map(close));
  });

  it('listens on the first port of its range, and comes back to it after a stop and a start', async () => {
    // A port that was free a moment ago: nothing else on this machine is meant to take it.
    const probe = await holdPort();
    const first = portOf(probe);
    await close(probe);
    const server = endpoint({ first, last: first + 5 });
    assert.equal(portIn(await server.start()), first);
    await server.stop();
    // The range's first free port again (with a new path and token).
    assert.equal(portIn(await server.start()), first);
  });

  it('passes over a port another program holds to the next free one of the range, and says nothing', async () => {
    held.push(await holdPort());
    const taken = portOf(held[0]);
    const logger = new FakeSessionLogger();
    const port = portIn(await endpoint({ first: taken, last: Math.min(taken + 10, 65_535) }, logger).start());
    assert.ok(port > taken && port <= taken + 10, `listens on ${port}, within ${taken + 1}-${taken + 10}`);
    assert.deepEqual(logger.lines.filter((line) => line.level !== 'info'), []);
  });

  it('with every port of the range taken, listens on another free port and says so once, across a stop and a start', async () => {
    held.push(await holdPort());
    const taken = portOf(held[0]);
    const logger = new FakeSessionLogger();
    const server = endpoint({ first: taken, last: taken }, logger);
    const port = portIn(await server.start());
    assert.notEqual(port, taken);
    await server.stop();
    assert.notEqual(portIn(await server.start()), taken);
    const warnings = logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);
    assert.equal(warnings.length, 1, logger.text());
    assert.match(warnings[0], new RegExp(`ports ${taken}-${taken} are all in use; listening on another free port`));
    assert.match(logger.text(), new RegExp(`credential endpoint listening on 127\\.0\\.0\\.1:${port}`));
  });
});
