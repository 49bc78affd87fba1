import * as assert from 'node:assert/strict';
import { describeAssumed, describeKeysSession, describePrincipal, formatRemaining } from '../../../src/core/presentation/sessionMessages';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
import { CODE, harness } from '../assume/engineHarness';
import { modelOf } from '../assume/modelHelpers';

/** The UI's clock format, fixed to UTC so the test does not depend on the machine's zone. */
const hhmm = (date: Date) => date.toISOString().slice(11, 16);

describe('the notification after an assume', () => {
  it('leads with profile, role, account and end time, for a session the engine really made', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const session = await h.engine.assume('prod', h.model);
    // The fake clock starts at 09:00 UTC; prod's chained hop lasts one hour.
    assert.equal(describeAssumed(session, session.obtainedAt, hhmm), 'Assumed prod: role Prod in account 444444444444 until 10:00 (1 h).');
    h.clock.advanceSeconds(61);
    assert.equal(describeAssumed(session, h.clock.now(), hhmm), 'Assumed prod: role Prod in account 444444444444 until 10:00 (59 min).');
  });

  it('names a user for a session of static keys, with its end', async () => {
    const h = harness();
    const session = await h.engine.assume('base', h.model);
    assert.equal(describeAssumed(session, session.obtainedAt, hhmm), "Assumed base: a session of base's keys, user alice in account 111111111111, until 21:00 (12 h).");
  });

  it('names allowed long-term keys as such, and leaves out the end time: there is none', async () => {
    const h = harness({ allowLongTermKeys: ['base'] });
    const session = await h.engine.assume('base', h.model);
    assert.equal(describeAssumed(session, session.obtainedAt, hhmm), "Assumed base: base's long-term keys, user alice in account 111111111111. They never end.");
  });

  it('says nothing it cannot read rather than a wrong principal', () => {
    const session: RoleSession = {
      profileName: 'odd',
      credentials: { accessKeyId: 'ASIAX', secretAccessKey: 'x', sessionToken: 't', expiration: new Date(Date.UTC(2026, 0, 1, 12, 0)) },
      region: 'us-east-1',
      assumedRoleArn: '',
      obtainedAt: Date.UTC(2026, 0, 1, 4, 30),
      stsCalls: 1,
      notices: [],
    };
    assert.equal(describeAssumed(session, session.obtainedAt, hhmm), 'Assumed odd until 12:00 (7 h 30 min).');
  });

  it('words principals and durations', () => {
    assert.equal(describePrincipal('arn:aws:sts::444444444444:assumed-role/Prod/alice-prod'), 'role Prod in account 444444444444');
    assert.equal(describePrincipal('arn:aws:iam::111111111111:user/division/alice'), 'user alice in account 111111111111');
    assert.equal(describePrincipal('arn:aws:iam::111111111111:root'), 'the root user in account 111111111111');
    assert.equal(describePrincipal('not an arn'), undefined);
    assert.deepEqual(
      [0, 29_999, 30_000, 3_599_000, 3_600_000, 3_660_000, -5].map(formatRemaining),
      ['0 min', '0 min', '1 min', '1 h', '1 h', '1 h 1 min', '0 min'],
    );
  });
});

describe('what assuming a profile of long-term keys gives, for the tree and the picker', () => {
  const settings = { longTermKeysAllowed: () => false, mfaSessionSeconds: 28_800 };
  const profileOf = (config: string, credentials = '[alice]\naws_access_key_id = AKIAFAKEKEY000000001\naws_secret_access_key = s\n') => modelOf(config, credentials).byName.get('alice')!;

  it('a session of the keys, 12 h; behind its MFA device the MFA session length; allowed keys as such', () => {
    assert.equal(describeKeysSession(profileOf('[profile alice]\nregion = us-east-1\n'), settings), "session of alice's keys, 12 h");
    assert.equal(describeKeysSession(profileOf('[profile alice]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n'), settings), "session of alice's keys, MFA, 8 h");
    assert.equal(describeKeysSession(profileOf('[profile alice]\n'), { ...settings, longTermKeysAllowed: (name) => name === 'alice' }), "alice's long-term keys (allowed)");
  });

  it('says nothing for keys that are temporary already, nor for a role', () => {
    assert.equal(describeKeysSession(profileOf('[profile alice]\n', '[alice]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = t\n'), settings), undefined);
    assert.equal(describeKeysSession(profileOf('[profile alice]\nrole_arn = arn:aws:iam::222222222222:role/Dev\nsource_profile = base\n[profile base]\n', '[base]\naws_access_key_id = A\naws_secret_access_key = s\n'), settings), undefined);
  });
});
