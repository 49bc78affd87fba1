import * as assert from 'node:assert/strict';
import type { AwsCredentials } from '../../../src/core/vocabulary/ports';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';
import { stsError } from '../../support/fakes/fakeSts';
import { BASE_KEY_ID, BASE_SECRET, CODE, CONFIG, harness } from './engineHarness';

/** Every secret a run saw: the root keys, everything STS issued, every code typed. */
function forbidden(issued: readonly AwsCredentials[], codes: readonly string[]): string[] {
  return [
    BASE_KEY_ID,
    BASE_SECRET,
    ...issued.flatMap((credentials) => [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? '']),
    ...codes,
  ].filter((value) => value.length > 0);
}

describe('session engine: no secret in any log line or error', () => {
  it('a full 3-hop assume with MFA, a wrong code and failures leaks nothing', async () => {
    const config = `${CONFIG}[profile guarded]\nrole_arn = arn:aws:iam::777777777777:role/Guarded\nsource_profile = prod\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n`;
    const h = harness({ config });
    const messages: string[] = [];
    const codes = ['250413', CODE, '864209', '975310'];

    // A wrong code first, then the right one; three role hops over the MFA session.
    h.prompt.answer('250413', CODE);
    const prod = await h.engine.assume('prod', h.model);
    messages.push(...prod.notices);

    // A fourth hop with its own MFA code; STS then fails with a message quoting secrets.
    h.clock.advanceSeconds(31);
    h.sts.validCode = '864209';
    h.prompt.answer('864209');
    const leakyMessage = `Odd failure for ${prod.credentials.accessKeyId} ${prod.credentials.secretAccessKey} ${prod.credentials.sessionToken} code 864209 root ${BASE_SECRET}`;
    // The fourth hop (guarded, with its code) fails with that message.
    const assumeRole = h.sts.assumeRole.bind(h.sts);
    let hop = 0;
    h.sts.assumeRole = async (request) => {
      hop += 1;
      if (hop === 4) throw stsError('OddError', leakyMessage, 400);
      return assumeRole(request);
    };
    try {
      await h.engine.assume('guarded', h.model);
      assert.fail('expected a failure');
    } catch (error) {
      assert.ok(error instanceof SessionError);
      messages.push(error.message);
    }
    h.sts.assumeRole = assumeRole;

    // A trust refusal and an expired session, each a thrown message.
    h.sts.failNext('AssumeRole', stsError('AccessDenied', 'User: arn:aws:sts::111111111111:assumed-role/x/y is not authorized to perform: sts:AssumeRole', 403));
    await h.engine.assume('dev', h.model).catch((error: Error) => messages.push(error.message));
    h.clock.advanceSeconds(3 * 86_400);
    h.sts.validCode = '975310';
    h.prompt.answer('975310');
    const late = await h.engine.assume('staging', h.model);
    await h.engine.getCallerIdentity(prod).catch((error: Error) => messages.push(error.message));

    // Everything STS issued, the MFA sessions (GetSessionToken) that the engine stores included.
    const issued = h.sts.issuedCredentials;
    assert.ok(h.sts.getSessionTokenRequests.length >= 2, 'the run made MFA sessions');
    assert.ok([prod.credentials, late.credentials].every((credentials) => issued.some((known) => known.secretAccessKey === credentials.secretAccessKey)));
    const everything = [h.logger.text(), ...messages, ...h.prompt.requests.map((request) => request.previousError ?? '')].join('\n');
    assert.ok(h.logger.lines.length > 20, 'the run was logged');
    for (const secret of forbidden(issued, codes)) {
      assert.ok(!everything.includes(secret), `leaked ${secret.slice(0, 6)}…:\n${everything}`);
    }
    // What the log does say: key ids by their last four characters.
    assert.match(everything, /\.\.\.MXYZ/);
    assert.match(everything, /Odd failure for \.\.\.\w{4} \[redacted\] \[redacted\] code \[redacted\] root \[redacted\]/);
  });
});

describe('session engine: no endpoint credentials in any log line or error', () => {
  const PASSWORD = 'pr0xyP@ssw0rd';
  const ENDPOINT = `https://alice:${PASSWORD}@sts.example.test:8443/`;

  it('logs and reports an endpoint by its host only, whatever its user:password', async () => {
    const h = harness({ env: { AWS_ENDPOINT_URL_STS: ENDPOINT } });
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    assert.equal(h.sts.assumeRoleRequests[0].endpoint, ENDPOINT, 'calls still go to the URL as configured');

    h.sts.failNext('AssumeRole', Object.assign(new Error(`connect ECONNREFUSED while calling ${ENDPOINT}`), { code: 'ECONNREFUSED' }));
    const unreachable = await h.engine.assume('dev-readonly', h.model).then(
      () => assert.fail('expected a failure'),
      (error: Error) => error,
    );
    h.sts.failNext('AssumeRole', stsError('OddError', `The endpoint ${ENDPOINT} said no`, 400));
    const odd = await h.engine.assume('dev', h.model).then(
      () => assert.fail('expected a failure'),
      (error: Error) => error,
    );

    const everything = [h.logger.text(), unreachable.message, odd.message].join('\n');
    assert.match(h.logger.text(), /STS endpoint https:\/\/sts\.example\.test:8443\/ \(from AWS_ENDPOINT_URL_STS\)/);
    assert.match(unreachable.message, /could not reach STS at https:\/\/sts\.example\.test:8443\/ /);
    assert.match(odd.message, /The endpoint https:\/\/sts\.example\.test:8443\/ said no/);
    assert.ok(!everything.includes(PASSWORD) && !everything.includes('//alice'), everything);
  });
});
