import * as assert from 'node:assert/strict';
import { activeProfileMark, heldProfileMarks, heldSessionName, heldSessionPlace, sameMarks } from '../../../src/core/presentation/activeProfileMark';
import { shortTimeLeft } from '../../../src/core/presentation/statusBarView';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';

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
  it('marks the active profile with its time left in whole minutes', () => {
    assert.deepEqual(activeProfileMark({ status: 'active', session: dev(2520) }, NOW), { profileName: 'dev', timeLeft: '42 min left' });
    assert.deepEqual(activeProfileMark({ status: 'active', session: dev(2579) }, NOW), { profileName: 'dev', timeLeft: '42 min left' });
    assert.deepEqual(activeProfileMark({ status: 'expiring', session: dev(1) }, NOW), { profileName: 'dev', timeLeft: 'under 1 min left' });
    assert.deepEqual(activeProfileMark({ status: 'active', session: dev(5400) }, NOW), { profileName: 'dev', timeLeft: '1 h 30 min left' });
  });

  it('tells the same minutes as the status bar', () => {
    // Right after an assume a one-hour session has 59:5x left: the status bar says 59m, and so must the tree.
    for (const seconds of [3599, 3600, 3601, 2520, 2579, 601, 600]) {
      const bar = shortTimeLeft(seconds * 1000);
      const minutes = /^(?:(\d+)h )?(\d+)m$/.exec(bar);
      assert.ok(minutes, `${bar} for ${seconds} s`);
      const total = Number(minutes[1] ?? 0) * 60 + Number(minutes[2]);
      const expected = total >= 60 ? `${Math.floor(total / 60)} h ${total % 60} min left` : `${total} min left`;
      assert.equal(activeProfileMark({ status: 'active', session: dev(seconds) }, NOW)?.timeLeft, expected, `${seconds} s left`);
    }
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

describe('the Profiles tree marks of sessions held for terminals', () => {
  it('says where and how long, in the minutes the status bar counts, and changes only when a minute passes', () => {
    const marks = heldProfileMarks([{ profileName: 'dev', access: 'full', holders: 1, session: dev(3030) }, { profileName: 'prod', access: 'full', holders: 2, session: dev(-1) }], NOW);
    assert.deepEqual([...marks], [['dev', 'in a terminal - 50 min left'], ['prod', 'in 2 terminals - ended']]);
    const later = heldProfileMarks([{ profileName: 'dev', access: 'full', holders: 1, session: dev(3030) }, { profileName: 'prod', access: 'full', holders: 2, session: dev(-1) }], NOW + 20_000);
    assert.equal(sameMarks(marks, later), true, 'twenty seconds later: the same marks, no re-render');
    assert.equal(sameMarks(marks, heldProfileMarks([{ profileName: 'dev', access: 'full', holders: 1, session: dev(3030) }], NOW)), false);
  });

  it('says which of them are read-only, and marks a profile held both ways with both', () => {
    const marks = heldProfileMarks(
      [
        { profileName: 'prod', access: 'full', holders: 1, session: dev(3030) },
        { profileName: 'prod', access: 'read-only', holders: 2, session: dev(600) },
      ],
      NOW,
    );
    assert.deepEqual([...marks], [['prod', 'in a terminal - 50 min left; read-only in 2 terminals - 10 min left']]);
    assert.equal(heldSessionName({ profileName: 'prod', access: 'read-only' }), 'prod (read-only)');
    assert.equal(heldSessionName({ profileName: 'prod', access: 'full' }), 'prod');
    assert.equal(heldSessionPlace({ access: 'read-only', holders: 2 }), '2 read-only terminals');
    assert.equal(heldSessionPlace({ access: 'full', holders: 1 }), 'terminal');
  });
});
