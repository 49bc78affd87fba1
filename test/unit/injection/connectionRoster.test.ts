/** Which connection the credential endpoint closes when one more arrives at its cap. */

import * as assert from 'node:assert/strict';
import { ConnectionRoster } from '../../../src/core/injection/connectionRoster';

/** Admits `names` in order and returns what each admission closed ('-' for nothing). */
function admitAll(roster: ConnectionRoster<string>, names: readonly string[]): string[] {
  return names.map((name) => roster.admit(name) ?? '-');
}

/** A roster at its cap: the cap is `names.length`, and `names` are admitted in order, none answered yet. */
function fullRoster(names: readonly string[]): ConnectionRoster<string> {
  const roster = new ConnectionRoster<string>(names.length);
  admitAll(roster, names);
  return roster;
}

describe('credential endpoint: the connection cap', () => {
  it('closes nothing below the cap, then the oldest connection still waiting for an answer', () => {
    const roster = new ConnectionRoster<string>(3);
    assert.deepEqual(admitAll(roster, ['a', 'b', 'c', 'd', 'e']), ['-', '-', '-', 'a', 'b']);
    assert.deepEqual(roster.counts, { open: 3, mostOpen: 3, closedAtCap: 2 });
  });

  it('never closes a connection that showed the token: a neighbour arriving only pushes out its own', () => {
    const roster = fullRoster(['client', 'n1', 'n2']);
    roster.answered('client', true);
    assert.deepEqual(admitAll(roster, ['n3', 'n4', 'n5', 'n6']), ['n1', 'n2', 'n3', 'n4']);
  });

  it('closes a connection refused an answer before one still waiting, however new', () => {
    const roster = fullRoster(['waiting', 'fresh', 'wrong-token']);
    roster.answered('wrong-token', false);
    assert.equal(roster.admit('next'), 'wrong-token');
    assert.equal(roster.admit('after'), 'waiting');
  });

  it('turns the newcomer away when every place is held by clients that showed the token', () => {
    const roster = fullRoster(['sdk-1', 'sdk-2']);
    roster.answered('sdk-1', true);
    roster.answered('sdk-2', true);
    assert.equal(roster.admit('neighbour'), 'neighbour');
    assert.deepEqual(roster.counts, { open: 2, mostOpen: 2, closedAtCap: 1 });
    // The turned-away newcomer holds no place: a later close of it changes nothing.
    roster.closed('neighbour');
    assert.equal(roster.counts.open, 2);
  });

  it('keeps a trusted connection trusted, even if a later request on it lacks the token', () => {
    const roster = fullRoster(['sdk', 'other']);
    roster.answered('sdk', true);
    roster.answered('sdk', false);
    assert.equal(roster.admit('new'), 'other');
  });

  it('frees a place when a connection closes, and forgets what it never admitted', () => {
    const roster = fullRoster(['a', 'b']);
    roster.closed('a');
    roster.closed('never-seen');
    roster.answered('never-seen', true);
    assert.equal(roster.admit('c'), undefined);
    assert.deepEqual(roster.counts, { open: 2, mostOpen: 2, closedAtCap: 0 });
  });

  it('refuses a cap that is not a whole number above 0', () => {
    for (const cap of [0, -1, 1.5, Number.NaN]) assert.throws(() => new ConnectionRoster<string>(cap), RangeError, String(cap));
  });
});
