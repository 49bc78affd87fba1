/**
 * Local STS: an STS Query-protocol service on 127.0.0.1 for tests and the
 * try-it-now mode. It verifies SigV4 signatures, MFA codes, trust and session
 * durations like real STS, and can inject faults.
 */
export { startLocalSts, LOOPBACK, type IssuedCredentials, type LocalSts, type LocalStsOptions } from './server';
export { loadFixture, parseFixture, FixtureError, type Fixture, type FixtureUser, type FixtureRole, type FixtureAccessKey, type FixtureMfaDevice } from './fixture';
export { FaultController, parseFaultSpec, type FaultKind, type FaultSpec } from './faults';
export { CallLog, type RecordedCall } from './calls';
export { totpFor, TOTP_PERIOD } from './mfa';
export { STS_NAMESPACE } from './xml';
export { STS_API_VERSION } from './service';
