/**
 * The role session most unit tests hand around: profile `prod` in eu-west-1, made of obviously
 * fake credentials that end at 10:00 UTC on 1 March 2026. A test changes what it is about.
 */

import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';

export const FAKE_SESSION_END = new Date('2026-03-01T10:00:00.000Z');

export function fakeRoleSession(extra: Partial<RoleSession> = {}, credentials: Partial<RoleSession['credentials']> = {}): RoleSession {
  return {
    profileName: 'prod',
    credentials: { accessKeyId: 'ASIAFAKE0000000000XY', secretAccessKey: 'notARealSecret', sessionToken: 'notARealToken', expiration: FAKE_SESSION_END, ...credentials },
    region: 'eu-west-1',
    profileRegion: 'eu-west-1',
    obtainedAt: 0,
    stsCalls: 3,
    notices: [],
    ...extra,
  };
}
