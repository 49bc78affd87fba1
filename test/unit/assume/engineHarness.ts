/** A session engine wired to fakes, and the profiles most session tests use. */

import * as assert from 'node:assert/strict';
import type { ProfileModel } from '../../../src/core/config/types';
import { SessionEngine } from '../../../src/core/assume/sessionEngine';
import { SessionError, type SessionErrorKind } from '../../../src/core/vocabulary/sessionTypes';
import { FakeClock } from '../../support/fakes/fakeClock';
import { FakeMfaProcess } from '../../support/fakes/fakeMfaProcess';
import { FakeMfaPrompt } from '../../support/fakes/fakeMfaPrompt';
import { FakeRootCredentials } from '../../support/fakes/fakeRootCredentials';
import { FakeSecretStore } from '../../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../../support/fakes/fakeSessionLogger';
import { FakeSts } from '../../support/fakes/fakeSts';
import { rejectionOf } from '../../support/rejections';
import { modelOf } from './modelHelpers';

export const BASE_KEY_ID = 'AKIAALICELONGTERMXYZ';
export const BASE_SECRET = 'aliceLongTermSecret0/K7MDENGbPxRfiCYEXAM';
export const ALICE_ARN = 'arn:aws:iam::111111111111:user/alice';
export const MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
export const CODE = '907153';

/** Long-term keys of alice in the credentials file. */
export const CREDENTIALS = ['[base]', `aws_access_key_id = ${BASE_KEY_ID}`, `aws_secret_access_key = ${BASE_SECRET}`, ''].join('\n');

/**
 * base (keys) ← dev (MFA) ← staging (7200 s, external id) ← prod (own session name and region);
 * dev-readonly is dev's sibling over the same keys and device.
 */
export const CONFIG = [
  '[profile base]',
  'region = eu-west-1',
  '[profile dev]',
  'role_arn = arn:aws:iam::222222222222:role/Dev',
  'source_profile = base',
  `mfa_serial = ${MFA_SERIAL}`,
  'region = eu-west-1',
  '[profile dev-readonly]',
  'role_arn = arn:aws:iam::222222222222:role/ReadOnly',
  'source_profile = base',
  `mfa_serial = ${MFA_SERIAL}`,
  '[profile staging]',
  'role_arn = arn:aws:iam::333333333333:role/Staging',
  'source_profile = dev',
  'external_id = staging-ext',
  'duration_seconds = 7200',
  '[profile prod]',
  'role_arn = arn:aws:iam::444444444444:role/ops/Prod',
  'source_profile = staging',
  'role_session_name = alice-prod',
  'region = eu-central-1',
  '',
].join('\n');

export interface HarnessOptions {
  readonly config?: string;
  readonly credentials?: string;
  readonly env?: Record<string, string | undefined>;
  readonly userName?: string;
  readonly mfaSessionSeconds?: number;
  /** Profiles whose long-term keys the person allowed (`awsRoles.allowLongTermKeys`). */
  readonly allowLongTermKeys?: readonly string[];
}

export function harness(options: HarnessOptions = {}) {
  const clock = new FakeClock();
  const sts = new FakeSts(clock);
  sts.validCode = CODE;
  sts.addUser({ accessKeyId: BASE_KEY_ID, secretAccessKey: BASE_SECRET }, ALICE_ARN);
  const prompt = new FakeMfaPrompt();
  const mfaProcess = new FakeMfaProcess();
  const secrets = new FakeSecretStore();
  const roots = new FakeRootCredentials();
  const logger = new FakeSessionLogger();
  const env = { ...(options.env ?? {}) };
  const engine = new SessionEngine({
    sts,
    mfaPrompt: prompt,
    mfaProcess,
    clock,
    secrets,
    roots,
    logger,
    env: () => env,
    mfaSessionDurationSeconds: () => options.mfaSessionSeconds ?? 28_800,
    userName: options.userName ?? 'alice',
    allowLongTermKeys: (profileName) => options.allowLongTermKeys?.includes(profileName) === true,
  });
  const model: ProfileModel = modelOf(options.config ?? CONFIG, options.credentials ?? CREDENTIALS);
  return { clock, sts, prompt, mfaProcess, secrets, roots, logger, env, engine, model };
}

/** Awaits a rejection and checks it is a SessionError of `kind`; returns it for more checks. */
export async function rejection(promise: Promise<unknown>, kind: SessionErrorKind): Promise<SessionError> {
  const error = await rejectionOf(promise, SessionError);
  assert.equal(error.kind, kind, error.message);
  return error;
}
