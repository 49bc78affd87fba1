/**
 * The session engine as the STS tier runs it: the extension's own STS port on the real SDK,
 * pointed at a local STS, with fakes for everything that would ask a person or read the machine.
 * `overrides` for what a test watches or shares (the MFA prompt, SecretStorage, the logger).
 */

import { SessionEngine, type SessionEngineOptions } from '../../../src/core/assume/sessionEngine';
import { createStsPort } from '../../../src/platform/awsSdk';
import { FakeMfaProcess } from '../../support/fakes/fakeMfaProcess';
import { FakeMfaPrompt } from '../../support/fakes/fakeMfaPrompt';
import { FakeRootCredentials } from '../../support/fakes/fakeRootCredentials';
import { FakeSecretStore } from '../../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../../support/fakes/fakeSessionLogger';

export function engineAgainst(stsUrl: string, overrides: Partial<SessionEngineOptions> = {}): SessionEngine {
  return new SessionEngine({
    sts: createStsPort(),
    mfaPrompt: new FakeMfaPrompt(),
    mfaProcess: new FakeMfaProcess(),
    clock: { now: () => Date.now() },
    secrets: new FakeSecretStore(),
    roots: new FakeRootCredentials(),
    logger: new FakeSessionLogger(),
    env: () => ({ AWS_ENDPOINT_URL_STS: stsUrl }),
    mfaSessionDurationSeconds: () => 28_800,
    userName: 'alice',
    ...overrides,
  });
}
