/**
 * Cross-check against moto: the same client-level flows run against moto's
 * STS and ours, and the response SHAPES are compared (fields present, their
 * formats, XML element structure), so a protocol mistake in ours shows up as
 * a difference. moto checks nothing (any MFA code, no trust, fixed example
 * keys), so values are not compared; moto's own known departures from real
 * STS are listed and asserted explicitly rather than hidden.
 */
import * as assert from 'node:assert/strict';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { fixtureWithMoreDevices, sample, type Keys } from './support/fixture';
import { shapeOf, TEMP_KEY_ID } from './support/formats';
import { startMoto, type Moto } from './support/moto';
import {
  AWS_CLI_V2,
  cliV1Path,
  cliV2Available,
  credentialEnv,
  makeAwsHome,
  parseJson,
  run,
  type AwsHome,
} from './support/processes';
import { elementPaths, stsCall, textOf } from './support/raw';
import { MfaPool } from './support/totp';

const { alice } = sample;
const STS_VERSION = { Version: '2011-06-15' };

/** What one server needs to run the flows: endpoint, user keys, role ARNs and fresh MFA codes. */
interface Target {
  readonly url: string;
  readonly keys: Keys;
  readonly roles: { readonly dev: string; readonly staging: string };
  /** A device serial number with a code it accepts now (moto accepts any). */
  mfa(): { SerialNumber: string; TokenCode: string };
}

/** Creates alice (with a key) and the roles in moto's IAM, as the fixture has them in ours. */
async function seedMoto(url: string): Promise<Target> {
  const bootstrap = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) };
  const iam = (params: Record<string, string>) =>
    stsCall(url, { params: { Version: '2010-05-08', ...params }, keys: bootstrap, service: 'iam' });
  assert.equal((await iam({ Action: 'CreateUser', UserName: 'alice' })).status, 200);
  const key = await iam({ Action: 'CreateAccessKey', UserName: 'alice' });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
  const roles: Record<string, string> = {};
  for (const name of ['Dev', 'Staging']) {
    const res = await iam({ Action: 'CreateRole', RoleName: name, AssumeRolePolicyDocument: trust });
    roles[name] = textOf(res.body, 'Arn')!;
  }
  return {
    url,
    keys: { accessKeyId: textOf(key.body, 'AccessKeyId')!, secretAccessKey: textOf(key.body, 'SecretAccessKey')! },
    roles: { dev: roles.Dev, staging: roles.Staging },
    mfa: () => ({ SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', TokenCode: '123456' }),
  };
}

function keysOf(c: Credentials | undefined): Keys {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

/**
 * moto's known departures from real STS, asserted and then removed from a
 * shape pair so the rest must match exactly:
 * - `PackedPolicySize` always sent (STS sends it only with session policies or tags);
 * - user `UserId` is moto's random lower-case id (IAM's are `AIDA` + 17 capitals);
 * - GetSessionToken answers a fixed example key pair whose secret has 41
 *   characters (real secrets have 40) and whose key id is `AKIA…` (asserted
 *   separately below).
 */
function dropKnownMotoDepartures(flow: string, motoShape: Record<string, string>, ourShape: Record<string, string>): void {
  if ('PackedPolicySize' in motoShape) {
    assert.equal(motoShape.PackedPolicySize, 'number');
    assert.equal('PackedPolicySize' in ourShape, false, `${flow}: PackedPolicySize without a session policy`);
    delete motoShape.PackedPolicySize;
  }
  if (motoShape.Arn === 'user-arn' && motoShape.UserId === 'string') {
    assert.equal(ourShape.UserId, 'user-id', `${flow}: user UserId`);
    motoShape.UserId = 'user-id';
  }
  const secret = 'Credentials.SecretAccessKey';
  if (flow === 'gst' && motoShape[secret] === 'string') {
    assert.equal(ourShape[secret], 'secret', `${flow}: 40-character secret`);
    motoShape[secret] = 'secret';
  }
}

/** The flows, through the SDK; returns each response. */
async function sdkFlows(t: Target): Promise<Record<string, unknown>> {
  const clients: STSClient[] = [];
  const client = (credentials: Keys) => {
    const c = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  try {
    const gci = await client(t.keys).send(new GetCallerIdentityCommand({}));
    const gst = await client(t.keys).send(new GetSessionTokenCommand({ ...t.mfa(), DurationSeconds: 3600 }));
    const assume = await client(t.keys).send(new AssumeRoleCommand({ RoleArn: t.roles.dev, RoleSessionName: 'shape', ...t.mfa() }));
    const gciRole = await client(keysOf(assume.Credentials)).send(new GetCallerIdentityCommand({}));
    const chained = await client(keysOf(assume.Credentials)).send(new AssumeRoleCommand({ RoleArn: t.roles.staging, RoleSessionName: 'shape2' }));
    const fromSession = await client(keysOf(gst.Credentials)).send(new AssumeRoleCommand({ RoleArn: t.roles.dev, RoleSessionName: 'shape3' }));
    return { gci, gst, assume, gciRole, chained, fromSession };
  } finally {
    clients.forEach((c) => c.destroy());
  }
}

/** The flows as raw requests; returns each answer's sorted XML element paths and headers. */
async function rawFlows(t: Target): Promise<Record<string, { paths: string[]; contentType: unknown; requestId: unknown }>> {
  const call = (params: Record<string, string>, keys = t.keys) => stsCall(t.url, { params: { ...STS_VERSION, ...params }, keys });
  const out: Record<string, { paths: string[]; contentType: unknown; requestId: unknown }> = {};
  const record = (name: string, res: Awaited<ReturnType<typeof call>>) => {
    assert.equal(res.status, 200, `${name}: ${res.body}`);
    out[name] = { paths: elementPaths(res.body).sort(), contentType: res.headers['content-type'], requestId: res.headers['x-amzn-requestid'] };
    return res;
  };
  record('gci', await call({ Action: 'GetCallerIdentity' }));
  record('gst', await call({ Action: 'GetSessionToken', ...t.mfa() }));
  const assume = record('assume', await call({ Action: 'AssumeRole', RoleArn: t.roles.dev, RoleSessionName: 'raw', ...t.mfa() }));
  const roleKeys = { accessKeyId: textOf(assume.body, 'AccessKeyId')!, secretAccessKey: textOf(assume.body, 'SecretAccessKey')!, sessionToken: textOf(assume.body, 'SessionToken')! };
  record('gciRole', await call({ Action: 'GetCallerIdentity' }, roleKeys));
  return out;
}

/** The flows through a CLI; returns the parsed JSON outputs. */
async function cliFlows(cli: string, t: Target, home: AwsHome): Promise<Record<string, unknown>> {
  const aws = (args: string[], keys: Keys) =>
    run(cli, ['--endpoint-url', t.url, '--output', 'json', ...args], { env: home.env({ ...credentialEnv(keys), AWS_MAX_ATTEMPTS: '1' }) });
  const mfaArgs = () => {
    const { SerialNumber, TokenCode } = t.mfa();
    return ['--serial-number', SerialNumber, '--token-code', TokenCode];
  };
  const [gci, gst, assume] = await Promise.all([
    aws(['sts', 'get-caller-identity'], t.keys),
    aws(['sts', 'get-session-token', ...mfaArgs()], t.keys),
    aws(['sts', 'assume-role', '--role-arn', t.roles.dev, '--role-session-name', 'cli', ...mfaArgs()], t.keys),
  ]);
  return { gci: parseJson(gci), gst: parseJson(gst), assume: parseJson(assume) };
}

describe('local STS compared with moto (response shapes)', function () {
  this.timeout(90_000);
  let moto: Moto | undefined;
  let ours: LocalSts;
  let motoTarget: Target;
  let ourTarget: Target;
  let home: AwsHome;

  before(async () => {
    const { fixture, aliceDevices } = fixtureWithMoreDevices(3);
    [moto, ours] = await Promise.all([startMoto(), startLocalSts({ fixture })]);
    motoTarget = await seedMoto(moto.url);
    const pool = new MfaPool(aliceDevices);
    ourTarget = {
      url: ours.url,
      keys: alice.keys,
      roles: { dev: sample.roles.dev, staging: sample.roles.staging },
      mfa: () => {
        const { serialNumber, code } = pool.next();
        return { SerialNumber: serialNumber, TokenCode: code };
      },
    };
    home = makeAwsHome({});
  });

  after(async () => {
    await Promise.all([moto?.stop(), ours?.stop()]);
    home?.remove();
  });

  it('SDK outputs have the same fields and formats (known moto departures asserted)', async () => {
    const [theirs, mine] = await Promise.all([sdkFlows(motoTarget), sdkFlows(ourTarget)]);
    for (const flow of Object.keys(mine)) {
      const a = shapeOf(theirs[flow]);
      const b = shapeOf(mine[flow]);
      dropKnownMotoDepartures(flow, a, b);
      assert.deepEqual(b, a, `shape of ${flow}`);
    }
    // moto's GetSessionToken returns its fixed AKIA example key; STS issues ASIA keys, as ours does.
    const gstKey = (r: unknown) => (r as { Credentials: Credentials }).Credentials.AccessKeyId ?? '';
    assert.match(gstKey(theirs.gst), /^AKIA/);
    assert.match(gstKey(mine.gst), TEMP_KEY_ID);
  });

  it('raw XML documents have the same element structure and headers', async () => {
    const [theirs, mine] = await Promise.all([rawFlows(motoTarget), rawFlows(ourTarget)]);
    for (const flow of Object.keys(mine)) {
      const motoPaths = theirs[flow].paths.filter((p) => !p.endsWith('/PackedPolicySize'));
      assert.deepEqual(mine[flow].paths, motoPaths, `elements of ${flow}`);
      assert.equal(mine[flow].contentType, theirs[flow].contentType);
      assert.ok(mine[flow].requestId && theirs[flow].requestId);
    }
  });

  it('AssumeRole with session policies: both answer in the same shape, PackedPolicySize included (ours only when policies are sent)', async () => {
    const narrowed = async (t: Target) => {
      const sts = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: t.keys, maxAttempts: 1 });
      try {
        const PolicyArns = [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }];
        return await sts.send(new AssumeRoleCommand({ RoleArn: t.roles.dev, RoleSessionName: 'narrowed', PolicyArns, ...t.mfa() }));
      } finally {
        sts.destroy();
      }
    };
    const [theirs, mine] = await Promise.all([narrowed(motoTarget), narrowed(ourTarget)]);
    assert.deepEqual(shapeOf(mine), shapeOf(theirs));
    assert.equal(typeof mine.PackedPolicySize, 'number');
  });

  it('a CLI prints the same JSON shapes for both servers', async function () {
    const cli = cliV2Available() ? AWS_CLI_V2 : cliV1Path();
    if (!cli) this.skip();
    const [theirs, mine] = await Promise.all([cliFlows(cli, motoTarget, home), cliFlows(cli, ourTarget, home)]);
    for (const flow of Object.keys(mine)) {
      const a = shapeOf(theirs[flow]);
      const b = shapeOf(mine[flow]);
      dropKnownMotoDepartures(flow, a, b);
      // The CLI prints Expiration as text: moto's carries microseconds, STS's (and ours) whole seconds.
      assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), `fields of ${flow}`);
      for (const k of Object.keys(b)) {
        if (!k.endsWith('Expiration')) assert.equal(b[k], a[k], `${flow}.${k}`);
      }
    }
  });
});
