import * as assert from 'node:assert/strict';
import type { ProfileModel } from '../../../src/core/config/types';
import { assumableHops, planRoleHops, type PlannedHop } from '../../../src/core/assume/hopPlan';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';
import { CONFIG, CREDENTIALS, MFA_SERIAL } from './engineHarness';
import { modelOf } from './modelHelpers';

const CAP_NOTICE = (profile: string, requested: number) =>
  `Profile ${profile} asked for ${requested} s, but STS limits chained roles to 3600 s; the session lasts one hour.`;

function planOf(
  model: ProfileModel,
  profileName: string,
  options: { env?: Record<string, string | undefined>; rootHasSessionToken?: boolean } = {},
): PlannedHop[] {
  const profile = model.byName.get(profileName);
  assert.ok(profile, `profile ${profileName} is in the model`);
  return planRoleHops({
    profile,
    model,
    hops: assumableHops(profile),
    env: options.env ?? {},
    userName: 'alice',
    rootHasSessionToken: options.rootHasSessionToken ?? false,
  });
}

/** Roles over base's long-term keys that test one rule each. */
const MORE_ROLES = [
  '[profile long-mfa]',
  'role_arn = arn:aws:iam::555555555555:role/Long',
  'source_profile = base',
  `mfa_serial = ${MFA_SERIAL}`,
  'duration_seconds = 7200',
  '[profile long]',
  'role_arn = arn:aws:iam::555555555555:role/Long',
  'source_profile = base',
  'duration_seconds = 7200',
  '[profile tool]',
  'credential_process = /usr/local/bin/get-keys',
  '[profile over-tool]',
  'role_arn = arn:aws:iam::666666666666:role/Tool',
  'source_profile = tool',
  `mfa_serial = ${MFA_SERIAL}`,
  'duration_seconds = 7200',
  '[profile orphan]',
  'role_arn = arn:aws:iam::777777777777:role/Orphan',
  'source_profile = nowhere',
  '',
].join('\n');

describe('hop plan', () => {
  const model = modelOf(`${CONFIG}${MORE_ROLES}`, CREDENTIALS);

  it('plans a three-hop chain from the root up: the first hop rides the MFA session, every hop is chained and capped to one hour', () => {
    assert.deepEqual(planOf(model, 'prod'), [
      {
        profileName: 'dev',
        roleArn: 'arn:aws:iam::222222222222:role/Dev',
        roleSessionName: 'alice-vscode',
        requestedDurationSeconds: 3600,
        durationSeconds: 3600,
        chained: true,
        region: 'eu-west-1',
        label: 'hop 1/3',
        mfa: 'mfa-session',
        mfaSerial: MFA_SERIAL,
      },
      {
        profileName: 'staging',
        roleArn: 'arn:aws:iam::333333333333:role/Staging',
        roleSessionName: 'alice-vscode',
        requestedDurationSeconds: 7200,
        durationSeconds: 3600,
        chained: true,
        externalId: 'staging-ext',
        // staging names no region: the picked profile's.
        region: 'eu-central-1',
        label: 'hop 2/3',
        mfa: 'none',
        notice: CAP_NOTICE('staging', 7200),
      },
      {
        profileName: 'prod',
        roleArn: 'arn:aws:iam::444444444444:role/ops/Prod',
        roleSessionName: 'alice-prod',
        requestedDurationSeconds: 3600,
        durationSeconds: 3600,
        chained: true,
        region: 'eu-central-1',
        label: 'hop 3/3',
        mfa: 'none',
      },
    ]);
  });

  it('a profile with no region anywhere takes AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    assert.equal(planOf(model, 'dev-readonly', { env: { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'sa-east-1' } })[0].region, 'ap-south-1');
    assert.equal(planOf(model, 'dev-readonly', { env: { AWS_DEFAULT_REGION: 'sa-east-1' } })[0].region, 'sa-east-1');
    assert.equal(planOf(model, 'dev-readonly')[0].region, 'us-east-1');
  });

  it('a role asked for more than an hour skips the MFA session: a code, unchained, the full duration', () => {
    const [hop] = planOf(model, 'long-mfa');
    assert.deepEqual(
      { mfa: hop.mfa, mfaSerial: 'mfaSerial' in hop ? hop.mfaSerial : undefined, chained: hop.chained, durationSeconds: hop.durationSeconds, notice: hop.notice },
      { mfa: 'code', mfaSerial: MFA_SERIAL, chained: false, durationSeconds: 7200, notice: undefined },
    );
  });

  it('a role without MFA over long-term keys keeps its full duration', () => {
    const [hop] = planOf(model, 'long');
    assert.deepEqual({ mfa: hop.mfa, chained: hop.chained, durationSeconds: hop.durationSeconds }, { mfa: 'none', chained: false, durationSeconds: 7200 });
  });

  it('root keys with a session token make no MFA session: the first hop asks for a code and is chained', () => {
    const [hop] = planOf(model, 'dev', { rootHasSessionToken: true });
    assert.deepEqual({ mfa: hop.mfa, chained: hop.chained, durationSeconds: hop.durationSeconds }, { mfa: 'code', chained: true, durationSeconds: 3600 });
    const [long] = planOf(model, 'long', { rootHasSessionToken: true });
    assert.deepEqual({ durationSeconds: long.durationSeconds, notice: long.notice }, { durationSeconds: 3600, notice: CAP_NOTICE('long', 7200) });
  });

  it('only static keys make an MFA session: over credential_process the hop asks for a code, chained only if the process gave temporary credentials', () => {
    const [overLongTerm] = planOf(model, 'over-tool', { rootHasSessionToken: false });
    assert.deepEqual({ mfa: overLongTerm.mfa, chained: overLongTerm.chained, durationSeconds: overLongTerm.durationSeconds }, { mfa: 'code', chained: false, durationSeconds: 7200 });
    const [overTemporary] = planOf(model, 'over-tool', { rootHasSessionToken: true });
    assert.deepEqual({ mfa: overTemporary.mfa, chained: overTemporary.chained, durationSeconds: overTemporary.durationSeconds }, { mfa: 'code', chained: true, durationSeconds: 3600 });
  });

  it('a profile that is no role has nothing to assume', () => {
    assert.deepEqual(planOf(model, 'base'), []);
  });

  it('lists the hops of an assumable chain in the order they are assumed, the root first and the profile last', () => {
    assert.deepEqual(
      assumableHops(model.byName.get('prod')!).map((hop) => `${hop.profileName}:${hop.kind}`),
      ['base:staticKeys', 'dev:role', 'staging:role', 'prod:role'],
    );
  });

  it('refuses a chain that does not reach credentials with a config error that names the profile and says what to do', () => {
    assert.throws(
      () => assumableHops(model.byName.get('orphan')!),
      (error: unknown) =>
        error instanceof SessionError &&
        error.kind === 'config' &&
        error.profileName === 'orphan' &&
        /^Profile "orphan" cannot be assumed: .*nowhere.* Fix it in the AWS config file, then try again\.$/.test(error.message),
    );
  });
});
