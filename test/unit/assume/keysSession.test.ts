/**
 * A profile of long-term keys is never handed out as it is (issue 20 §2): assuming it gets a
 * session of its keys from STS (GetSessionToken, behind the profile's MFA device when it names
 * one), unless the person allowed that profile's keys in their own settings.
 */

import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import { renewalNeeds } from '../../../src/core/lifecycle/autoRenew';
import { stsError } from '../../support/fakes/fakeSts';
import { ALICE_ARN, BASE_KEY_ID, BASE_SECRET, CODE, CONFIG, MFA_SERIAL, harness, rejection } from './engineHarness';

/** The harness's profiles, with base's own MFA device named on it. */
const BASE_WITH_MFA = CONFIG.replace('[profile base]\nregion = eu-west-1', `[profile base]\nregion = eu-west-1\nmfa_serial = ${MFA_SERIAL}`);

describe('a profile of long-term keys becomes a session of them', () => {
  it('behind its mfa_serial: one code, the MFA session is the session, and roles over the same keys ride it with no new code', async () => {
    const h = harness({ config: BASE_WITH_MFA });
    h.prompt.answer(CODE);
    const base = await h.engine.assume('base', h.model);
    assert.deepEqual(h.sts.getSessionTokenRequests.map((request) => [request.serialNumber, request.tokenCode, request.durationSeconds]), [[MFA_SERIAL, CODE, 28_800]]);
    assert.equal(base.credentialsKind, 'keys-session');
    assert.equal(base.credentials.accessKeyId, h.sts.issuedCredentials[0].accessKeyId);
    assert.equal(base.mfaSerial, MFA_SERIAL);
    assert.equal(base.mfaSessionExpiration?.getTime(), base.credentials.expiration?.getTime(), 'the session is the MFA session');
    assert.equal(base.identity?.arn, ALICE_ARN);
    assert.deepEqual(h.prompt.requests.map((request) => request.hopProfileName), ['base']);

    const dev = await h.engine.assume('dev', h.model);
    assert.equal(h.prompt.requests.length, 1, 'no second code: dev rides the same MFA session');
    assert.equal(h.sts.assumeRoleRequests[0].credentials.accessKeyId, base.credentials.accessKeyId);
    assert.equal(dev.credentialsKind, 'role');
  });

  it('renewing a session behind MFA makes a new MFA session: a person is asked for a code, auto-renew never is', async () => {
    const h = harness({ config: BASE_WITH_MFA });
    h.prompt.answer(CODE);
    const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
    const base = await sessions.assume('base');
    assert.deepEqual(renewalNeeds(base, h.model, h.clock.now()), { code: true, hopProfileName: 'base', mfaSerial: MFA_SERIAL }, 'the status bar and auto-renew say a code is needed');

    h.clock.advanceSeconds(8 * 3600 - 600);
    await rejection(sessions.renew({ interactive: false }), 'mfa-code-needed');
    assert.equal(h.sts.count('GetSessionToken'), 1, 'no STS call from a renewal that may not prompt');

    h.clock.advanceSeconds(31);
    h.prompt.answer('123456');
    h.sts.validCode = '123456';
    const renewed = await sessions.renew();
    assert.equal(h.prompt.requests.length, 2);
    assert.notEqual(renewed.credentials.accessKeyId, base.credentials.accessKeyId, 'a new session, not the same one handed back');
    assert.equal(renewed.credentials.expiration?.getTime(), h.clock.now() + 28_800_000);
  });

  it('without MFA the renewal is silent: another GetSessionToken', async () => {
    const h = harness();
    const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
    const base = await sessions.assume('base');
    assert.deepEqual(renewalNeeds(base, h.model, h.clock.now()), { code: false });
    h.clock.advanceSeconds(12 * 3600 - 900);
    const renewed = await sessions.renew({ interactive: false });
    assert.notEqual(renewed.credentials.accessKeyId, base.credentials.accessKeyId);
    assert.equal(h.prompt.requests.length, 0);
    assert.deepEqual(h.sts.getSessionTokenRequests.map((request) => request.serialNumber), [undefined, undefined]);
  });

  it('a GetSessionToken refused by policy says why nothing is handed out and how to go on; the keys go nowhere', async () => {
    const h = harness();
    h.sts.failNext('GetSessionToken', stsError('AccessDenied', `User: ${ALICE_ARN} is not authorized to perform: sts:GetSessionToken with an explicit deny in a service control policy`, 403));
    const error = await rejection(h.engine.assume('base', h.model), 'session-token-refused');
    assert.match(error.message, /STS refused GetSessionToken/);
    assert.match(error.message, /hands out only temporary credentials/);
    assert.match(error.message, /awsRoles\.allowLongTermKeys/);
    assert.ok(!error.message.includes(BASE_SECRET));
    assert.deepEqual(h.sts.calls.map((call) => call.action), ['GetSessionToken'], 'no GetCallerIdentity, nothing handed out');
  });

  it('a credential_process that prints keys without a token gets a session too; one that prints a token is temporary already', async () => {
    const config = '[profile bot]\ncredential_process = /opt/bin/print-keys\nregion = us-east-1';
    const h = harness({ config, credentials: '' });
    const printed = { accessKeyId: BASE_KEY_ID, secretAccessKey: BASE_SECRET };
    h.roots.set('bot', printed);
    const bot = await h.engine.assume('bot', h.model);
    assert.equal(bot.credentialsKind, 'keys-session');
    assert.notEqual(bot.credentials.accessKeyId, BASE_KEY_ID);
    assert.deepEqual(h.sts.getSessionTokenRequests.map((request) => request.credentials.accessKeyId), [BASE_KEY_ID]);

    // Printed with a token: temporary already, handed out as it is after one GetCallerIdentity.
    const temporary = { ...h.sts.issuedCredentials[0] };
    h.roots.set('bot', temporary);
    const calls = h.sts.calls.length;
    const again = await h.engine.assume('bot', h.model);
    assert.equal(again.credentialsKind, 'temporary-root');
    assert.equal(again.credentials.accessKeyId, temporary.accessKeyId);
    assert.deepEqual(h.sts.calls.slice(calls).map((call) => call.action), ['GetCallerIdentity']);
  });
});
