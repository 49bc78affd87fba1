/**
 * Read-only sessions (issue 22 §4) on the real `@aws-sdk/client-sts` against the local STS: what
 * each hop of a read-only assume sends, held beside the profile's full session behind one MFA
 * code, renewed read-only, refused where STS could not narrow it; and the local STS's own
 * checks of session policies, with the AWS CLI's request beside the SDK's.
 *
 * The local STS cannot evaluate IAM permissions: it records a session's policies and answers
 * their packed size, as AWS does, but a "read-only" session may call anything there. So these
 * tests assert what can be known without AWS: the exact parameters of each hop, and what comes
 * back. That the policy then denies a write is AWS's part.
 */
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { SessionEngine } from '../../src/core/assume/sessionEngine';
import { HeldSessions } from '../../src/core/lifecycle/heldSessions';
import { SessionError } from '../../src/core/vocabulary/sessionTypes';
import { systemTime } from '../../src/platform/systemTime';
import { startLocalSts, totpFor, type LocalSts } from '../../tools/local-sts';
import { FakeMfaPrompt } from '../support/fakes/fakeMfaPrompt';
import { modelOf } from '../unit/assume/modelHelpers';
import { fixtureWithMoreDevices, sample, threeHopChainConfig } from './support/fixture';
import type { ProfileModel } from '../../src/core/config/types';
import { AWS_CLI_V2, cliV1Path, cliV2Available, credentialEnv, makeAwsHome, parseJson, run } from './support/processes';
import { engineAgainst } from './support/engine';

const { alice, roles } = sample;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const VIEW_ONLY = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';

/** The policy ARNs each AssumeRole since `mark` sent, by role, in the order sent. */
function policyArnsSent(sts: LocalSts, mark: number): [string, string[]][] {
  return sts.calls
    .list()
    .slice(mark)
    .filter((call) => call.action === 'AssumeRole' && call.status === 200)
    .map((call) => [
      call.params.RoleArn,
      Object.entries(call.params)
        .filter(([name]) => /^PolicyArns\.member\.\d+\.arn$/.test(name))
        .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
        .map(([, value]) => value),
    ]);
}

describe('read-only sessions on the real SDK against the local STS', function () {
  // Each assume is a few real HTTP calls on loopback.
  this.timeout(60_000);

  let sts: LocalSts;
  let prompt: FakeMfaPrompt;
  let readOnlyPolicies: Record<string, unknown> | undefined;
  let engine: SessionEngine;
  /** Each test's chain behind its own MFA device: STS refuses a code it has seen, and tests follow each other within one 30 s step. */
  let devices: { serialNumber: string; totpSecret: string }[];
  let model: ProfileModel;
  let code: () => string;

  before(async () => {
    const more = fixtureWithMoreDevices(6);
    devices = more.aliceDevices;
    sts = await startLocalSts({ fixture: more.fixture });
  });
  after(() => sts.stop());
  beforeEach(() => {
    const device = devices.shift()!;
    model = modelOf(threeHopChainConfig(device.serialNumber, 'ro'), sample.aliceCredentials);
    code = () => totpFor(device.totpSecret).generate({ timestamp: Date.now() });
    prompt = new FakeMfaPrompt();
    readOnlyPolicies = undefined;
    engine = engineAgainst(sts.url, { mfaPrompt: prompt, clock: systemTime, readOnlyPolicies: () => readOnlyPolicies });
  });

  it('a read-only prod, three hops away: only its last AssumeRole sends ReadOnlyAccess, and STS keeps it on that session alone', async () => {
    prompt.answer(code());
    const mark = sts.calls.list().length;
    const session = await engine.assume('prod', model, undefined, { access: 'read-only' });
    assert.deepEqual(policyArnsSent(sts, mark), [
      [roles.dev, []],
      [roles.staging, []],
      [roles.prod, [READ_ONLY]],
    ]);
    assert.deepEqual(session.readOnly, { policyArns: [READ_ONLY] });
    assert.match(session.assumedRoleArn ?? '', /:assumed-role\/Prod\/ro-prod$/);
    const issued = sts.issuedCredentials().find((credentials) => credentials.accessKeyId === session.credentials.accessKeyId);
    assert.deepEqual(issued?.sessionPolicyArns, [READ_ONLY], 'the session handed out is the narrowed one');
  });

  it('a terminal of prod and a read-only terminal of prod: two sessions, one MFA code; the read-only one renews read-only', async () => {
    prompt.answer(code());
    const held = new HeldSessions({ engine, model: async () => model, lifecycle: { time: systemTime, warnBeforeSeconds: () => 600 }, revoked: async () => undefined });
    try {
      const mark = sts.calls.list().length;
      const full = await held.hold('prod');
      const readOnly = await held.hold('prod', undefined, 'read-only');
      assert.deepEqual(
        held.list().map((view) => [view.profileName, view.access, view.session.credentials.accessKeyId]),
        [
          ['prod', 'full', full.state.session?.credentials.accessKeyId],
          ['prod', 'read-only', readOnly.state.session?.credentials.accessKeyId],
        ],
      );
      assert.notEqual(full.state.session?.credentials.accessKeyId, readOnly.state.session?.credentials.accessKeyId);
      assert.equal(prompt.requests.length, 1, 'the read-only assume rode the MFA session of the first');
      assert.equal(full.state.session?.readOnly, undefined);

      const renewMark = sts.calls.list().length;
      const renewed = await held.renew('prod', 'read-only');
      assert.deepEqual(policyArnsSent(sts, renewMark).at(-1), [roles.prod, [READ_ONLY]], 'the renewal is narrowed again');
      assert.deepEqual(renewed.readOnly, { policyArns: [READ_ONLY] });
      assert.equal(prompt.requests.length, 1, 'and needed no code');
      // Full and read-only each made their chain's three AssumeRoles; the first rode one GetSessionToken.
      assert.equal(sts.calls.list().slice(mark, renewMark).filter((call) => call.action === 'GetSessionToken').length, 1);
    } finally {
      held.dispose();
    }
  });

  it('awsRoles.readOnlyPolicies: a profile named gets its own policies, every other the "*" ones', async () => {
    readOnlyPolicies = { prod: [VIEW_ONLY, READ_ONLY], '*': [VIEW_ONLY] };
    prompt.answer(code());
    const mark = sts.calls.list().length;
    await engine.assume('prod', model, undefined, { access: 'read-only' });
    await engine.assume('staging', model, undefined, { access: 'read-only' });
    assert.deepEqual(
      policyArnsSent(sts, mark).filter(([, arns]) => arns.length > 0),
      [
        [roles.prod, [VIEW_ONLY, READ_ONLY]],
        [roles.staging, [VIEW_ONLY]],
      ],
    );
  });

  it('refused before any code or STS call: a profile of keys (no role to narrow), and a setting that names no policy ARN', async () => {
    const mark = sts.calls.list().length;
    await assert.rejects(engine.assume('alice', model, undefined, { access: 'read-only' }), (error: unknown) => {
      assert.ok(error instanceof SessionError);
      assert.equal(error.kind, 'config');
      assert.equal(
        error.message,
        'Profile "alice" cannot be opened read-only: it is a profile of static keys, not a role, and STS narrows only an assumed role\'s session with session policies. Open it as it is, or open a role profile that uses it as its source_profile.',
      );
      return true;
    });
    readOnlyPolicies = { prod: ['ReadOnlyAccess'] };
    await assert.rejects(engine.assume('prod', model, undefined, { access: 'read-only' }), (error: unknown) => {
      assert.ok(error instanceof SessionError);
      assert.equal(error.kind, 'config');
      assert.match(error.message, /awsRoles\.readOnlyPolicies names for "prod" "ReadOnlyAccess", which is not a managed policy ARN/);
      return true;
    });
    assert.equal(prompt.requests.length, 0);
    // The setting is read once the chain is planned, before its first hop is assumed.
    assert.equal(sts.calls.list().length, mark);
  });

  describe('the local STS checks session policies as STS does', () => {
    let client: STSClient;
    before(() => {
      client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials: alice.keys, maxAttempts: 1 });
    });
    after(() => client.destroy());

    const assumePartner = (PolicyArns: { arn: string }[]) =>
      client.send(new AssumeRoleCommand({ RoleArn: roles.partner, RoleSessionName: 'narrowed', ExternalId: sample.partnerExternalId, PolicyArns }));

    it('answers the packed size of the policies sent, in percent of the limit', async () => {
      const one = await assumePartner([{ arn: READ_ONLY }]);
      const two = await assumePartner([{ arn: READ_ONLY }, { arn: VIEW_ONLY }]);
      assert.equal(typeof one.PackedPolicySize, 'number');
      assert.ok(one.PackedPolicySize! >= 1 && one.PackedPolicySize! < two.PackedPolicySize!, `${one.PackedPolicySize} then ${two.PackedPolicySize}`);
    });

    it('refuses more than ten policies, and an ARN shorter than twenty characters, with STS\'s validation messages', async () => {
      const eleven = Array.from({ length: 11 }, () => ({ arn: READ_ONLY }));
      await assert.rejects(assumePartner(eleven), (error: unknown) => {
        assert.ok(error instanceof STSServiceException);
        assert.equal(error.name, 'ValidationError');
        assert.match(error.message, /^1 validation error detected: Value '\[.*\]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10$/);
        return true;
      });
      await assert.rejects(assumePartner([{ arn: 'arn:aws:iam::x' }]), (error: unknown) => {
        assert.ok(error instanceof STSServiceException);
        assert.equal(error.message, "1 validation error detected: Value 'arn:aws:iam::x' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        return true;
      });
    });

    it('the AWS CLI sends --policy-arns as the SDK sends PolicyArns, and prints the packed size', async function () {
      const cli = cliV2Available() ? AWS_CLI_V2 : cliV1Path();
      if (!cli) this.skip();
      const home = makeAwsHome({});
      try {
        const mark = sts.calls.list().length;
        const result = await run(
          cli,
          ['--endpoint-url', sts.url, '--output', 'json', 'sts', 'assume-role', '--role-arn', roles.partner, '--role-session-name', 'cli', '--external-id', sample.partnerExternalId, '--policy-arns', `arn=${READ_ONLY}`, `arn=${VIEW_ONLY}`],
          { env: home.env({ ...credentialEnv(alice.keys), AWS_MAX_ATTEMPTS: '1', AWS_REGION: 'us-east-1' }) },
        );
        const printed = parseJson<{ PackedPolicySize?: number }>(result);
        assert.equal(typeof printed.PackedPolicySize, 'number');
        assert.deepEqual(policyArnsSent(sts, mark), [[roles.partner, [READ_ONLY, VIEW_ONLY]]]);
      } finally {
        home.remove();
      }
    });
  });
});
