import * as assert from 'node:assert/strict';
import { activeProfileMark } from '../../../src/core/session/activeProfileMark';
import type { RoleSession } from '../../../src/core/session/types';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');

function dev(secondsLeft?: number): RoleSession {
  return {
    profileName: 'dev',
    credentials: { accessKeyId: 'ASIAFAKE', secretAccessKey: 'x', ...(secondsLeft === undefined ? {} : { expiration: new Date(NOW + secondsLeft * 1000) }) },
    region: 'eu-west-1',
    obtainedAt: NOW,
    stsCalls: 1,
    notices: [],
  };
}

describe('the Profiles tree mark of the active session', () => {
  it('marks the active profile with its time left in whole minutes, rounded up', () => {
    assert.deepEqual(activeProfileMark({ status: 'active', session: dev(2520) }, NOW), { profileName: 'dev', timeLeft: '42 min left' });
    assert.deepEqual(activeProfileMark({ status: 'expiring', session: dev(1) }, NOW), { profileName: 'dev', timeLeft: '1 min left' });
    assert.deepEqual(activeProfileMark({ status: 'active', session: dev(5400) }, NOW), { profileName: 'dev', timeLeft: '1 h 30 min left' });
  });

  it('static keys: marked, no time', () => {
    assert.deepEqual(activeProfileMark({ status: 'active', session: dev() }, NOW), { profileName: 'dev' });
  });

  it('an expired session is not active: no mark, by the service or by the clock', () => {
    assert.equal(activeProfileMark({ status: 'expired', session: dev(600) }, NOW), undefined);
    assert.equal(activeProfileMark({ status: 'expiring', session: dev(0) }, NOW), undefined);
    assert.equal(activeProfileMark({ status: 'none', session: undefined }, NOW), undefined);
  });
});
