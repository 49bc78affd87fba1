import * as assert from 'node:assert/strict';
import { mfaPromptText } from '../../../src/core/assume/mfaCodes';
import { ChildProcessFailure } from '../../../src/core/assume/processFailure';
import { SessionEngine } from '../../../src/core/assume/sessionEngine';
import { MFA_SESSION_EPOCH_KEY, MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from '../../../src/core/vocabulary/sessionTypes';
import { stsError } from '../../support/fakes/fakeSts';
import { ALICE_ARN, BASE_KEY_ID, CODE, CONFIG, MFA_SERIAL, harness, rejection } from './engineHarness';
import { modelOf } from './modelHelpers';

const KEY = `${MFA_SESSION_KEY_PREFIX}base:${MFA_SERIAL}`;
const OTHER_CODE = '246810';

/**
 * The harness after `dev` was assumed with the first of `codes`, and STS then revoked the MFA
 * session that assume stored; the clock has moved into the next code's 30-second step.
 */
async function afterMfaSessionRevoked(...codes: string[]) {
  const h = harness();
  h.prompt.answer(...codes);
  await h.engine.assume('dev', h.model);
  h.sts.revoke('ASIAFAKEISSUED0001XY');
  h.clock.advanceSeconds(31);
  return h;
}

describe('session engine: MFA sessions', () => {
  it('reuses the MFA session for a sibling role: exactly one STS call and no prompt', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    const callsBefore = h.sts.count();

    const sibling = await h.engine.assume('dev-readonly', h.model);
    assert.equal(h.sts.count() - callsBefore, 1);
    assert.equal(sibling.stsCalls, 1);
    assert.equal(h.prompt.requests.length, 1);
    const request = h.sts.assumeRoleRequests.at(-1)!;
    assert.equal(request.roleArn, 'arn:aws:iam::222222222222:role/ReadOnly');
    assert.equal(request.credentials.accessKeyId, 'ASIAFAKEISSUED0001XY');
    assert.equal(request.serialNumber, undefined);
    assert.equal(request.tokenCode, undefined);
    assert.match(h.logger.text(), /profile dev-readonly: MFA session for base\/arn:aws:iam::111111111111:mfa\/alice reused, expires 2026-03-01T17:00:00\.000Z/);
  });

  it('survives a new engine (a reload): the session is in the SecretStore', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    const reloaded = new SessionEngine({
      sts: h.sts,
      mfaPrompt: h.prompt,
      mfaProcess: h.mfaProcess,
      clock: h.clock,
      secrets: h.secrets,
      roots: h.roots,
      logger: h.logger,
      env: () => ({}),
      mfaSessionDurationSeconds: () => 28_800,
      userName: 'alice',
    });
    const session = await reloaded.assume('dev-readonly', h.model);
    assert.equal(session.stsCalls, 1);
    assert.equal(h.prompt.requests.length, 1);
  });

  it('asks again once the fake clock reaches 60 s before the MFA session ends', async () => {
    const h = harness();
    h.prompt.answer(CODE, CODE);
    await h.engine.assume('dev', h.model);
    h.clock.advanceSeconds(28_800 - 61);
    await h.engine.assume('dev-readonly', h.model);
    assert.equal(h.prompt.requests.length, 1, 'still reused 61 s before the end');

    h.clock.advanceSeconds(2);
    const session = await h.engine.assume('dev', h.model);
    assert.equal(h.prompt.requests.length, 2);
    assert.equal(h.sts.count('GetSessionToken'), 2);
    assert.equal(session.stsCalls, 2);
    assert.match(h.logger.text(), /MFA session for base\/arn:aws:iam::111111111111:mfa\/alice expired at 2026-03-01T17:00:00\.000Z; a new one is needed/);
    const stored = JSON.parse(h.secrets.data.get(KEY)!);
    assert.equal(stored.expiration, new Date(h.clock.now() + 28_800_000).toISOString());
  });

  it('deletes an MFA session STS rejects and retries once with a new code', async () => {
    const h = await afterMfaSessionRevoked(CODE, CODE);
    const changesBefore = h.secrets.changes.length;

    const session = await h.engine.assume('dev-readonly', h.model);
    assert.deepEqual(
      h.sts.calls.slice(-3).map((call) => call.action),
      ['AssumeRole', 'GetSessionToken', 'AssumeRole'],
    );
    assert.equal(session.stsCalls, 3);
    assert.equal(h.prompt.requests.length, 2);
    assert.deepEqual(h.secrets.changes.slice(changesBefore), [`delete ${KEY}`, `delete ${MFA_SESSION_INDEX_KEY}`, `store ${KEY}`, `store ${MFA_SESSION_INDEX_KEY}`]);
    assert.equal(JSON.parse(h.secrets.data.get(KEY)!).accessKeyId, 'ASIAFAKEISSUED0003XY');
    assert.match(h.logger.text(), /warn: profile dev-readonly: STS rejected the stored MFA session for base\/arn:aws:iam::111111111111:mfa\/alice \(InvalidClientTokenId\); it was deleted, asking for a new code/);
  });

  it('a kept MFA session denied with an explicit deny was revoked: deleted, no new code asked, and the error says so', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    h.clock.advanceSeconds(31);
    // As STS words the deny that IAM's "Revoke active sessions" (a deny on aws:TokenIssueTime) gives.
    h.sts.failNext('AssumeRole', stsError('AccessDenied', `User: ${ALICE_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/ReadOnly with an explicit deny in an identity-based policy`, 403));
    const error = await rejection(h.engine.assume('dev-readonly', h.model), 'revoked');
    assert.equal(
      error.message,
      'Profile "dev-readonly": STS denied AssumeRole to the MFA session of profile "base" with an explicit deny: an administrator has revoked its active sessions. The window\'s session was ended and every MFA session forgotten. Assume profile "dev-readonly" again with a fresh MFA code; if that is denied too, ask your administrator.',
    );
    assert.equal(h.prompt.requests.length, 1, 'no new code asked: the person decides when');
    assert.equal(h.sts.count('GetSessionToken'), 1);
    assert.equal(h.secrets.data.get(KEY), undefined, 'the revoked MFA session is deleted');
  });

  it('an explicit deny for an MFA session made a moment ago is a plain refusal, not a revocation', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    h.sts.failNext('AssumeRole', stsError('AccessDenied', `User: ${ALICE_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Dev with an explicit deny in an identity-based policy`, 403));
    const error = await rejection(h.engine.assume('dev', h.model), 'access-denied');
    assert.match(error.message, /is not allowed to assume arn:aws:iam::222222222222:role\/Dev/);
  });

  it('treats ExpiredToken on a stored MFA session the same way, but retries only once', async () => {
    const h = harness();
    h.prompt.answer(CODE, CODE);
    await h.engine.assume('dev', h.model);
    h.clock.advanceSeconds(31);
    h.sts.failNext('AssumeRole', stsError('ExpiredToken', 'The security token included in the request is expired', 403));
    h.sts.failNext('AssumeRole', stsError('ExpiredToken', 'The security token included in the request is expired', 403));
    const error = await rejection(h.engine.assume('dev-readonly', h.model), 'expired-credentials');
    assert.match(error.message, /^Profile "dev-readonly": the credentials of profile "base" \(key \.\.\.03XY\) have expired\./);
    assert.equal(h.sts.count('GetSessionToken'), 2);
    assert.equal(h.prompt.requests.length, 2);
    // The second, fresh session was refused too: it is deleted rather than kept.
    assert.equal(h.secrets.data.get(KEY), undefined);
  });

  it('skips the MFA session when the role asks for more than an hour, sending the code on AssumeRole', async () => {
    const config = `[profile long]\nrole_arn = arn:aws:iam::222222222222:role/Long\nsource_profile = base\nmfa_serial = ${MFA_SERIAL}\nduration_seconds = 14400\n`;
    const h = harness({ config });
    h.prompt.answer(CODE);
    const session = await h.engine.assume('long', h.model);
    assert.equal(h.sts.count('GetSessionToken'), 0);
    const [request] = h.sts.assumeRoleRequests;
    assert.equal(request.durationSeconds, 14_400);
    assert.equal(request.serialNumber, MFA_SERIAL);
    assert.equal(request.tokenCode, CODE);
    assert.deepEqual(session.notices, []);
    assert.deepEqual(h.secrets.changes, []);
  });

  it('always prompts for MFA on a later hop', async () => {
    const config = `${CONFIG}[profile guarded]\nrole_arn = arn:aws:iam::777777777777:role/Guarded\nsource_profile = dev\nmfa_serial = ${MFA_SERIAL}\n`;
    const h = harness({ config });
    h.prompt.answer(CODE, OTHER_CODE, '135790');
    await h.engine.assume('dev', h.model);
    h.clock.advanceSeconds(31);
    h.sts.validCode = OTHER_CODE;
    await h.engine.assume('guarded', h.model);
    h.clock.advanceSeconds(31);
    h.sts.validCode = '135790';
    await h.engine.assume('guarded', h.model);
    const guarded = h.sts.assumeRoleRequests.filter((request) => request.roleArn.endsWith('/Guarded'));
    assert.deepEqual(
      guarded.map((request) => [request.serialNumber, request.tokenCode, request.durationSeconds]),
      [
        [MFA_SERIAL, OTHER_CODE, 3600],
        [MFA_SERIAL, '135790', 3600],
      ],
    );
    assert.equal(h.prompt.requests.length, 3);
    assert.deepEqual(
      h.prompt.requests.map((request) => request.profileName),
      ['dev', 'guarded', 'guarded'],
    );
  });

  it('sends the code directly when the root is not long-term keys (no GetSessionToken)', async () => {
    const sso = { accessKeyId: 'ASIASSOCREDENTIALSAB', secretAccessKey: 'ssoSecret0000/K7MDENGbPxRfiCYEXAMPLEKEYS', sessionToken: 'ssoToken0000IQoJb3JpZ2luX2VjEXAMPLEtoken' };
    const h = harness({
      config: `[profile corp]\nsso_session = corp\nsso_account_id = 555555555555\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n[profile guarded]\nrole_arn = arn:aws:iam::777777777777:role/Guarded\nsource_profile = corp\nmfa_serial = ${MFA_SERIAL}\n`,
    });
    h.roots.set('corp', sso);
    h.sts.addUser(sso, 'arn:aws:sts::555555555555:assumed-role/AWSReservedSSO_Admin_0123/alice');
    h.prompt.answer(CODE);
    await h.engine.assume('guarded', h.model);
    assert.equal(h.sts.count('GetSessionToken'), 0);
    assert.equal(h.sts.assumeRoleRequests[0].tokenCode, CODE);
  });

  it('uses the MFA-session setting, clamped to GetSessionToken\'s range', async () => {
    const long = harness({ mfaSessionSeconds: 1_000_000 });
    long.prompt.answer(CODE);
    await long.engine.assume('dev', long.model);
    assert.equal(long.sts.getSessionTokenRequests[0].durationSeconds, 129_600);
    const short = harness({ mfaSessionSeconds: 5 });
    short.prompt.answer(CODE);
    await short.engine.assume('dev', short.model);
    assert.equal(short.sts.getSessionTokenRequests[0].durationSeconds, 900);
  });

  it('does not reuse an MFA session made with other keys of the root profile', async () => {
    const h = harness();
    h.prompt.answer(CODE, OTHER_CODE);
    await h.engine.assume('dev', h.model);
    const rotated = { accessKeyId: 'AKIAALICEROTATEDKEY9', secretAccessKey: 'rotatedSecret000/K7MDENGbPxRfiCYEXAMPLEK' };
    h.sts.addUser(rotated, 'arn:aws:iam::111111111111:user/alice');
    const model = modelOf(CONFIG, `[base]\naws_access_key_id = ${rotated.accessKeyId}\naws_secret_access_key = ${rotated.secretAccessKey}\n`);
    h.clock.advanceSeconds(31);
    h.sts.validCode = OTHER_CODE;
    await h.engine.assume('dev', model);
    assert.equal(h.prompt.requests.length, 2);
    assert.equal(h.sts.getSessionTokenRequests[1].credentials.accessKeyId, rotated.accessKeyId);
    assert.equal(JSON.parse(h.secrets.data.get(KEY)!).rootAccessKeyId, rotated.accessKeyId);
  });

  it('forgetMfaSessions deletes every stored MFA session and the index', async () => {
    const config = `${CONFIG}[profile other]\nrole_arn = arn:aws:iam::888888888888:role/Other\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/alice-backup\n`;
    const h = harness({ config });
    h.prompt.answer(CODE, OTHER_CODE, '135790');
    await h.engine.assume('dev', h.model);
    h.sts.validCode = OTHER_CODE;
    await h.engine.assume('other', h.model);
    const backupKey = `${MFA_SESSION_KEY_PREFIX}base:arn:aws:iam::111111111111:mfa/alice-backup`;
    assert.deepEqual(JSON.parse(h.secrets.data.get(MFA_SESSION_INDEX_KEY)!), [KEY, backupKey]);

    await h.engine.forgetMfaSessions();
    // No session and no index is left; only the new sign-out epoch (a random id, no secret).
    assert.deepEqual(Object.keys(h.secrets.snapshot()), [MFA_SESSION_EPOCH_KEY]);
    assert.deepEqual(h.secrets.changes.slice(-3), [`delete ${KEY}`, `delete ${backupKey}`, `delete ${MFA_SESSION_INDEX_KEY}`]);
    assert.match(h.logger.text(), /forgot 2 stored MFA sessions/);

    h.clock.advanceSeconds(31);
    h.sts.validCode = '135790';
    await h.engine.assume('dev-readonly', h.model);
    assert.equal(h.prompt.requests.length, 3, 'a forgotten session asks for a code again');
  });

  it('a GetSessionToken under way when the sessions are forgotten is used but not stored', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const assuming = h.engine.assume('dev', h.model);
    await new Promise((resolve) => setImmediate(resolve));
    await h.engine.forgetMfaSessions();
    await assuming;
    assert.equal(h.secrets.data.get(KEY), undefined);
  });
});

describe('session engine: MFA codes', () => {
  it('re-prompts after a wrong code, telling why, and succeeds on a later attempt', async () => {
    const h = harness();
    h.prompt.answer('111111', CODE);
    const session = await h.engine.assume('dev', h.model);
    assert.deepEqual(
      h.prompt.requests.map((request) => [request.attempt, request.previousError, request.recentlyUsedCodes]),
      [
        [1, undefined, []],
        [2, 'STS refused that code: it is wrong or was already used. Wait for the next code.', ['111111']],
      ],
    );
    assert.equal(session.stsCalls, 3);
  });

  it('gives up after 3 wrong codes with mfa-attempts-exhausted, storing nothing', async () => {
    const h = harness();
    h.prompt.answer('111111', '222222', '333333');
    const error = await rejection(h.engine.assume('dev', h.model), 'mfa-attempts-exhausted');
    assert.equal(
      error.message,
      'Profile "dev": 3 MFA codes for arn:aws:iam::111111111111:mfa/alice were refused. Check that the device is the one in mfa_serial of profile "dev" and that its clock is right, then try again.',
    );
    assert.equal(h.sts.count('GetSessionToken'), 3);
    assert.equal(h.prompt.requests.length, 3);
    assert.deepEqual(h.secrets.changes, []);
  });

  it('refuses codes that are not 6 digits before any STS call', async () => {
    const h = harness();
    h.prompt.answer('12345', 'abcdef', ` ${CODE}\n`);
    await h.engine.assume('dev', h.model);
    assert.equal(h.sts.count('GetSessionToken'), 1);
    assert.equal(h.sts.getSessionTokenRequests[0].tokenCode, CODE);
    assert.deepEqual(
      h.prompt.requests.map((request) => [request.attempt, request.previousError]),
      [
        [1, undefined],
        [2, 'An MFA code is exactly 6 digits.'],
        [3, 'An MFA code is exactly 6 digits.'],
      ],
    );
    const exhausted = harness();
    exhausted.prompt.answer('1', '12', '123');
    await rejection(exhausted.engine.assume('dev', exhausted.model), 'mfa-attempts-exhausted');
    assert.equal(exhausted.sts.count(), 0);
  });

  it('refuses anything but exactly six ASCII digits before any STS call', async () => {
    const refused = [
      '', '   ', '12345', '1234567', '12345a', 'abcdef', '123-456', '123.456', '+12345', '-12345', '12345\0',
      '１２３４５６', // full-width digits
      '٣٤٥٦٧٨', // Arabic-Indic digits
      '1234567890123456789012345678901234567890', // a pasted token, not a code
      '123456 123456', // two codes
    ];
    for (const text of refused) {
      const h = harness();
      h.prompt.answer(text, text, text);
      await rejection(h.engine.assume('dev', h.model), 'mfa-attempts-exhausted');
      assert.equal(h.sts.count(), 0, `nothing reached STS for ${JSON.stringify(text)}`);
      assert.deepEqual(
        h.prompt.requests.map((request) => request.previousError),
        [undefined, 'An MFA code is exactly 6 digits.', 'An MFA code is exactly 6 digits.'],
        JSON.stringify(text),
      );
    }
  });

  it('takes a pasted code with spaces as its six digits', async () => {
    const spaced = [` ${CODE} `, `${CODE.slice(0, 3)} ${CODE.slice(3)}`, ` ${CODE.slice(0, 3)} ${CODE.slice(3)} `, `${CODE.slice(0, 3)}\u00a0${CODE.slice(3)}`, `\t${CODE}\r\n`];
    for (const text of spaced) {
      const h = harness();
      h.prompt.answer(text);
      await h.engine.assume('dev', h.model);
      assert.equal(h.prompt.requests.length, 1, JSON.stringify(text));
      assert.deepEqual(h.sts.getSessionTokenRequests.map((request) => request.tokenCode), [CODE], JSON.stringify(text));
    }
  });

  it('refuses a code used for the same device within 30 s before any STS call', async () => {
    const config = `${CONFIG}[profile guarded]\nrole_arn = arn:aws:iam::777777777777:role/Guarded\nsource_profile = dev\nmfa_serial = ${MFA_SERIAL}\n`;
    const h = harness({ config });
    h.prompt.answer(CODE, CODE, OTHER_CODE);
    await h.engine.assume('dev', h.model);
    h.clock.advanceSeconds(20);
    h.sts.validCode = OTHER_CODE;
    const callsBefore = h.sts.count();
    await h.engine.assume('guarded', h.model);
    assert.deepEqual(
      h.prompt.requests.slice(1).map((request) => [request.attempt, request.previousError, request.recentlyUsedCodes]),
      [
        [1, undefined, [CODE]],
        [2, 'That code was already used in the last 30 seconds. Wait for the next code.', [CODE]],
      ],
    );
    // One AssumeRole for dev (MFA session reused) and one for guarded with the new code: none with the reused code.
    assert.deepEqual(
      h.sts.calls.slice(callsBefore).map((call) => (call.action === 'AssumeRole' ? call.request.tokenCode ?? null : call.action)),
      [null, OTHER_CODE],
    );
    // 31 s later both codes have left the window: the first one is taken again without complaint.
    h.clock.advanceSeconds(31);
    h.sts.validCode = CODE;
    h.prompt.answer(CODE);
    const beforeRetry = h.sts.count();
    await h.engine.assume('guarded', h.model);
    assert.deepEqual(
      h.prompt.requests.slice(3).map((request) => [request.attempt, request.previousError, request.recentlyUsedCodes]),
      [[1, undefined, []]],
    );
    assert.equal(h.sts.assumeRoleRequests.at(-1)?.tokenCode, CODE);
    assert.equal(h.sts.count() - beforeRetry, 2, 'dev over the MFA session, then guarded with the code');
  });

  it('a cancelled prompt rejects with cancelled and changes nothing', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    h.clock.advanceSeconds(9 * 3600);
    const before = h.secrets.snapshot();
    const changesBefore = h.secrets.changes.length;
    const callsBefore = h.sts.count();
    h.prompt.answer(undefined);
    const error = await rejection(h.engine.assume('prod', h.model), 'cancelled');
    assert.equal(error.message, 'Profile "prod" (hop "dev"): the MFA code for arn:aws:iam::111111111111:mfa/alice was not entered; nothing changed.');
    assert.deepEqual(h.secrets.snapshot(), before);
    assert.equal(h.secrets.changes.length, changesBefore);
    assert.equal(h.sts.count(), callsBefore);
    assert.ok(h.logger.lines.some((line) => line.level === 'info' && line.message === error.message));
    assert.ok(!h.logger.lines.some((line) => line.level === 'error'));
  });
});

describe('session engine: the MFA prompt', () => {
  it('names the profile the user picked in its title, and the hop and device that need the code', async () => {
    const h = harness();
    h.prompt.answer('000000', CODE);
    await h.engine.assume('prod', h.model);
    assert.deepEqual(
      h.prompt.requests.map((request) => [request.profileName, request.hopProfileName, request.mfaSerial, request.attempt]),
      [
        ['prod', 'dev', MFA_SERIAL, 1],
        ['prod', 'dev', MFA_SERIAL, 2],
      ],
    );
    assert.deepEqual(mfaPromptText(h.prompt.requests[0]), {
      title: 'MFA code for profile prod',
      prompt: `Profile dev in the chain of prod needs the 6-digit code from MFA device ${MFA_SERIAL}.`,
    });
    assert.deepEqual(mfaPromptText(h.prompt.requests[1]), {
      title: 'MFA code for profile prod (attempt 2 of 3)',
      prompt: `STS refused that code: it is wrong or was already used. Wait for the next code. Profile dev in the chain of prod needs the 6-digit code from MFA device ${MFA_SERIAL}.`,
    });
  });

  it('says only the device when the picked profile is the one that needs the code', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    assert.deepEqual(mfaPromptText(h.prompt.requests[0]), {
      title: 'MFA code for profile dev',
      prompt: `Enter the 6-digit code from MFA device ${MFA_SERIAL}.`,
    });
  });
});

describe('session engine: assumes nobody asked for (interactive: false)', () => {
  it('never prompts: a needed code ends the assume with mfa-code-needed, before any STS call', async () => {
    const h = harness();
    const error = await rejection(h.engine.assume('prod', h.model, undefined, { interactive: false }), 'mfa-code-needed');
    assert.equal(
      error.message,
      'Profile "prod" (hop "dev"): an MFA code for arn:aws:iam::111111111111:mfa/alice is needed, and nothing that starts by itself (auto-renew, the workspace\'s profile on open) asks for one. Renew… or Assume Role… asks for the code.',
    );
    assert.equal(h.prompt.requests.length, 0);
    assert.equal(h.sts.count(), 0);
    assert.equal(h.logger.lines.filter((line) => line.level === 'error').length, 0, 'not an error: auto-renew offers Renew… instead');
  });

  it('rides a live MFA session silently, and is not shared with a person\'s assume of the same profile', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    const silent = await h.engine.assume('prod', h.model, undefined, { interactive: false });
    assert.match(silent.assumedRoleArn ?? '', /assumed-role/);
    assert.equal(h.prompt.requests.length, 1);

    // A fresh harness with no MFA session: the person's assume may ask even while an automatic one is refused.
    const fresh = harness();
    fresh.prompt.answer(CODE);
    const [automatic, person] = await Promise.allSettled([
      fresh.engine.assume('dev', fresh.model, undefined, { interactive: false }),
      fresh.engine.assume('dev', fresh.model),
    ]);
    assert.equal(automatic.status, 'rejected');
    assert.equal(person.status, 'fulfilled');
    assert.equal(fresh.prompt.requests.length, 1);
  });

  it('still runs mfa_process: no person is needed for it', async () => {
    const h = harness({ config: CONFIG.replace('region = eu-west-1\n[profile dev-readonly]', 'region = eu-west-1\nmfa_process = op item get aws --otp\n[profile dev-readonly]') });
    h.mfaProcess.print(CODE);
    await h.engine.assume('prod', h.model, undefined, { interactive: false });
    assert.equal(h.mfaProcess.runs.length, 1);
    assert.equal(h.prompt.requests.length, 0);
  });
});

describe('session engine: mfa_process', () => {
  const withProcess = (where: 'hop' | 'picked') =>
    where === 'hop'
      ? CONFIG.replace('region = eu-west-1\n[profile dev-readonly]', 'region = eu-west-1\nmfa_process = op item get aws --otp\n[profile dev-readonly]')
      : CONFIG.replace("role_session_name = alice-prod", 'role_session_name = alice-prod\nmfa_process = ykman oath accounts code -s aws');

  it('takes the code from the hop profile\'s mfa_process, trimmed, without prompting', async () => {
    const h = harness({ config: withProcess('hop') });
    h.mfaProcess.print(`  ${CODE}\n`);
    await h.engine.assume('prod', h.model);
    assert.deepEqual(h.mfaProcess.runs, [{ command: 'op item get aws --otp', profileName: 'dev' }]);
    assert.equal(h.prompt.requests.length, 0);
    assert.equal(h.sts.getSessionTokenRequests[0].tokenCode, CODE);
  });

  it('falls back to the picked profile\'s mfa_process', async () => {
    const h = harness({ config: withProcess('picked') });
    h.mfaProcess.print(CODE);
    await h.engine.assume('prod', h.model);
    assert.deepEqual(h.mfaProcess.runs, [{ command: 'ykman oath accounts code -s aws', profileName: 'prod' }]);
  });

  it('fails with mfa-process-failed when the output is not 6 digits, never quoting it', async () => {
    const h = harness({ config: withProcess('hop') });
    h.mfaProcess.print('secret-output 12345\n');
    const error = await rejection(h.engine.assume('prod', h.model), 'mfa-process-failed');
    assert.equal(error.message, 'Profile "prod" (hop "dev"): mfa_process of profile "dev" did not print a 6-digit MFA code. Make the command print only the current code.');
    assert.equal(h.sts.count(), 0);
  });

  it('fails with mfa-process-failed when the command fails, giving only the program and its exit status', async () => {
    const h = harness({ config: withProcess('hop') });
    // What the real runner rejects with (test/unit/platform/childProcessMfaRunner.test.ts runs it).
    h.mfaProcess.print(new ChildProcessFailure({ program: 'op', exitCode: 1 }));
    const error = await rejection(h.engine.assume('prod', h.model), 'mfa-process-failed');
    assert.equal(
      error.message,
      'Profile "prod" (hop "dev"): mfa_process of profile "dev" (op) exited with code 1. Run the command yourself to check it, or remove mfa_process to type codes.',
    );
  });

  it('runs the process once more after a wrong code, then fails with mfa-invalid', async () => {
    const h = harness({ config: withProcess('hop') });
    h.mfaProcess.print('111111', '222222');
    const error = await rejection(h.engine.assume('prod', h.model), 'mfa-invalid');
    assert.equal(
      error.message,
      'Profile "prod" (hop "dev"): STS refused the codes mfa_process of profile "dev" printed for arn:aws:iam::111111111111:mfa/alice. Check that the command prints codes for that device and that the clock is right.',
    );
    assert.equal(h.mfaProcess.runs.length, 2);
    assert.equal(h.sts.count('GetSessionToken'), 2);

    const same = harness({ config: withProcess('hop') });
    same.mfaProcess.print('111111', '111111');
    const repeated = await rejection(same.engine.assume('prod', same.model), 'mfa-invalid');
    assert.match(repeated.message, /printed a code that was already used in the last 30 seconds/);
    assert.equal(same.sts.count('GetSessionToken'), 1, 'the repeated code never reaches STS');

    const second = harness({ config: withProcess('hop') });
    second.mfaProcess.print('111111', CODE);
    const session = await second.engine.assume('prod', second.model);
    assert.equal(session.stsCalls, 5);
  });
});

describe('session engine: concurrency', () => {
  it('50 simultaneous assumes of one profile make one STS call per hop and ONE prompt', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const sessions = await Promise.all(Array.from({ length: 50 }, () => h.engine.assume('prod', h.model)));
    assert.equal(h.sts.count(), 4);
    assert.equal(h.prompt.requests.length, 1);
    assert.ok(sessions.every((session) => session === sessions[0]));

    // Once settled, the next call starts afresh.
    await h.engine.assume('prod', h.model);
    assert.equal(h.sts.count(), 7);
  });

  it('simultaneous assumes of different profiles share one GetSessionToken and one prompt', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const [dev, readonly, prod] = await Promise.all([
      h.engine.assume('dev', h.model),
      h.engine.assume('dev-readonly', h.model),
      h.engine.assume('prod', h.model),
    ]);
    assert.equal(h.sts.count('GetSessionToken'), 1);
    assert.equal(h.prompt.requests.length, 1);
    assert.equal(h.sts.count('AssumeRole'), 1 + 1 + 3);
    assert.equal(dev.stsCalls + readonly.stsCalls + prod.stsCalls, 6, 'the GetSessionToken is counted once, by the run that made it');
    assert.deepEqual(JSON.parse(h.secrets.data.get(MFA_SESSION_INDEX_KEY)!), [KEY]);
  });

  it('simultaneous assumes all see a shared cancel as cancelled, and nothing is stored', async () => {
    const h = harness();
    h.prompt.answer(undefined);
    const results = await Promise.allSettled([h.engine.assume('dev', h.model), h.engine.assume('dev-readonly', h.model)]);
    assert.deepEqual(
      results.map((result) => result.status === 'rejected' && (result.reason as { kind: string }).kind),
      ['cancelled', 'cancelled'],
    );
    assert.deepEqual(h.secrets.changes, []);
    assert.equal(h.sts.count(), 0);
  });

  it('two runs rejected with the same stale MFA session ask for one new code between them', async () => {
    const h = await afterMfaSessionRevoked(CODE, OTHER_CODE);
    h.sts.validCode = OTHER_CODE;
    await Promise.all([h.engine.assume('dev', h.model), h.engine.assume('dev-readonly', h.model)]);
    assert.equal(h.prompt.requests.length, 2);
    assert.equal(h.sts.count('GetSessionToken'), 2);
  });
});

describe('session engine: the stored MFA session index', () => {
  it('ignores a corrupt stored session and replaces it', async () => {
    const h = harness();
    await h.secrets.store(KEY, '{not json');
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    assert.equal(JSON.parse(h.secrets.data.get(KEY)!).rootAccessKeyId, BASE_KEY_ID);
  });
});
