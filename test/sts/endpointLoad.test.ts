/**
 * The credential endpoint serving 200 clients at once while the window's session renews under
 * them, with the extension's own parts: the session service and engine on the real
 * `@aws-sdk/client-sts` against the local STS, and the endpoint's real server reading the
 * service's state. No client request fails, every answer holds credentials valid when served
 * (the old ones until the renewal lands, the new ones after), and each renewal is exactly one
 * AssumeRole: however many clients ask, the endpoint never calls STS.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { ActiveSessionService } from '../../src/core/lifecycle/activeSessionService';
import { CredentialEndpointServer } from '../../src/platform/credentialEndpointServer';
import { systemTime } from '../../src/platform/systemTime';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { FakeSessionLogger } from '../support/fakes/fakeSessionLogger';
import { modelOf } from '../unit/assume/modelHelpers';
import { askCredentialEndpoint } from './support/endpointClient';
import { sample } from './support/fixture';
import { engineAgainst } from './support/engine';

const { roles, partnerExternalId } = sample;
const CONFIG = ['[profile partner]', `role_arn = ${roles.partner}`, 'source_profile = alice', `external_id = ${partnerExternalId}`, 'region = us-east-1', ''].join('\n');
const CLIENTS = 200;
const RENEWALS = 3;

interface Served {
  readonly status: number;
  readonly accessKeyId?: string;
  readonly expiration?: number;
  readonly at: number;
}

describe('credential endpoint: 200 clients at once across renewals', function () {
  // Three renewals on loopback while 200 clients ask; generous for a busy 2-core machine.
  this.timeout(60_000);

  let sts: LocalSts;
  let sessions: ActiveSessionService;
  let server: CredentialEndpointServer;

  before(async () => {
    sts = await startLocalSts({ fixture: sample.fixture });
    const engine = engineAgainst(sts.url);
    const model = modelOf(CONFIG, sample.aliceCredentials);
    sessions = new ActiveSessionService(engine, async () => model, {
      time: systemTime,
      warnBeforeSeconds: () => 600,
    });
    server = new CredentialEndpointServer(sessions, { time: { now: () => Date.now() }, logger: new FakeSessionLogger() });
  });
  after(async () => {
    await server?.stop();
    sessions?.dispose();
    await sts?.stop();
  });

  it('no request fails, every answer is valid when served, and each renewal is one AssumeRole', async () => {
    const first = await sessions.assume('partner');
    const { url, token } = await server.start();
    const mark = sts.calls.list().length;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const served: Served[] = [];
    let stop = false;
    const ask = async () => {
      const answer = await askCredentialEndpoint(url, token, agent);
      const expiration = answer.credentials ? Date.parse(answer.credentials.Expiration) : undefined;
      served.push({ status: answer.status, accessKeyId: answer.credentials?.AccessKeyId, expiration, at: answer.at });
    };
    const client = async () => {
      while (!stop) await ask();
    };
    const clients = Array.from({ length: CLIENTS }, client);
    // Each session is served a round of answers (as many as there are clients) before the next
    // renewal and after the last: counted, not timed, so a slow machine only takes longer.
    const anotherRound = async () => {
      const target = served.length + CLIENTS;
      const deadline = Date.now() + 30_000;
      while (served.length < target) {
        assert.ok(Date.now() < deadline, `the clients got ${served.length} of ${target} answers in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const keys = [first.credentials.accessKeyId];
    try {
      for (let renewal = 0; renewal < RENEWALS; renewal++) {
        await anotherRound();
        keys.push((await sessions.renew()).credentials.accessKeyId);
      }
      await anotherRound();
    } finally {
      stop = true;
      await Promise.all(clients);
      agent.destroy();
    }

    assert.deepEqual(served.filter((answer) => answer.status !== 200).map((answer) => answer.status), [], 'no request failed');
    assert.ok(served.every((answer) => answer.expiration! > answer.at), 'nothing ended was served');
    const seen = new Set(served.map((answer) => answer.accessKeyId));
    assert.deepEqual([...seen].filter((key) => !keys.includes(key!)), [], 'only the window\'s sessions were served');
    assert.deepEqual(keys.filter((key) => !seen.has(key)), [], 'the first session and every renewal reached the clients');
    const calls = sts.calls.list().slice(mark).map((call) => `${call.action} ${call.status}`);
    assert.deepEqual(calls, Array.from({ length: RENEWALS }, () => 'AssumeRole 200'), 'one AssumeRole per renewal, nothing else');
  });
});
