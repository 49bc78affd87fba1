import * as assert from 'node:assert/strict';
import { describeAssumed, describePrincipal, formatRemaining } from '../../../src/core/session/sessionMessages';
import type { RoleSession } from '../../../src/core/session/types';
import { CODE, harness } from './engineHarness';

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

  it('names a user for static keys, and leaves out the end time when there is none', async () => {
    const h = harness();
    const session = await h.engine.assume('base', h.model);
    assert.equal(describeAssumed(session, session.obtainedAt, hhmm), 'Assumed base: user alice in account 111111111111.');
  });

  it('says nothing it cannot read rather than a wrong principal', () => {
    const session: RoleSession = {
      profileName: 'odd',
      credentials: { accessKeyId: 'ASIAX', secretAccessKey: 'x', expiration: new Date(Date.UTC(2026, 0, 1, 12, 0)) },
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
