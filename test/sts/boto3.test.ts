/**
 * boto3/botocore (the machine Python's) against the local STS: one Python
 * process runs every flow and error case and reports JSON, since Python
 * start-up dominates the cost.
 */
import * as assert from 'node:assert/strict';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { TestClock } from './support/clock';
import { fixtureWithMoreDevices, sample, threeHopChainConfig, type Keys } from './support/fixture';
import { ISO_UTC, TEMP_KEY_ID } from './support/formats';
import { makeAwsHome, parseJson, PYTHON, run, type AwsHome } from './support/processes';
import { MfaPool } from './support/totp';

const { alice, roles } = sample;

/** The Python side: runs the steps it is given and prints one JSON object. */
const SCRIPT = String.raw`
import json, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

cfg = json.loads(sys.argv[1])
no_retry = Config(retries={'total_max_attempts': 1, 'mode': 'standard'})

def client(url, keys, config=no_retry):
    return boto3.client('sts', endpoint_url=url, region_name='us-east-1', config=config,
                        aws_access_key_id=keys['accessKeyId'], aws_secret_access_key=keys['secretAccessKey'],
                        aws_session_token=keys.get('sessionToken'))

def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != 'ResponseMetadata'}
    if hasattr(value, 'isoformat'):
        return value.isoformat()
    return value

def attempt(fn):
    try:
        return {'ok': plain(fn())}
    except ClientError as e:
        err = e.response['Error']
        return {'error': {'code': err.get('Code'), 'message': err.get('Message'), 'type': err.get('Type'),
                          'status': e.response['ResponseMetadata'].get('HTTPStatusCode')}}

def keys_of(out):
    c = out['ok']['Credentials']
    return {'accessKeyId': c['AccessKeyId'], 'secretAccessKey': c['SecretAccessKey'], 'sessionToken': c['SessionToken']}

url, alice, r = cfg['url'], cfg['alice'], {}
r['gci'] = attempt(lambda: client(url, alice).get_caller_identity())
r['gst'] = attempt(lambda: client(url, alice).get_session_token(
    SerialNumber=cfg['mfa']['serial'], TokenCode=cfg['mfa']['code'], DurationSeconds=3600))
keys = keys_of(r['gst'])
r['gciSession'] = attempt(lambda: client(url, keys).get_caller_identity())
for name, arn in cfg['chain']:
    r[name] = attempt(lambda: client(url, keys).assume_role(RoleArn=arn, RoleSessionName='boto3-' + name))
    keys = keys_of(r[name])
r['gciProd'] = attempt(lambda: client(url, keys).get_caller_identity())

r['wrongCode'] = attempt(lambda: client(url, alice).get_session_token(SerialNumber=cfg['wrong']['serial'], TokenCode=cfg['wrong']['code']))
r['reusedCode'] = attempt(lambda: client(url, alice).get_session_token(SerialNumber=cfg['mfa']['serial'], TokenCode=cfg['mfa']['code']))
r['untrusted'] = attempt(lambda: client(url, alice).assume_role(RoleArn=cfg['admin'], RoleSessionName='boto3'))
r['chainedTooLong'] = attempt(lambda: client(url, keys_of(r['gst'])).assume_role(
    RoleArn=cfg['chain'][0][1], RoleSessionName='boto3', DurationSeconds=7200))
r['expired'] = attempt(lambda: client(cfg['expiredUrl'], cfg['expired']).get_caller_identity())
r['badSignature'] = attempt(lambda: client(url, dict(alice, secretAccessKey='x' * 40)).get_caller_identity())
r['unknownKey'] = attempt(lambda: client(url, {'accessKeyId': 'AKIAAAAAAAAAAAAAAAAA', 'secretAccessKey': 'x' * 40}).get_caller_identity())
r['skewed'] = attempt(lambda: client(cfg['aheadUrl'], alice).get_caller_identity())
r['throttled'] = attempt(lambda: client(cfg['throttledUrl'], alice).get_caller_identity())
r['failing'] = attempt(lambda: client(cfg['failingUrl'], alice).get_caller_identity())

# A role-profile chain resolved by botocore's own providers, with the MFA
# prompt answered on stdin and the endpoint from AWS_ENDPOINT_URL_STS.
r['profileChain'] = attempt(lambda: boto3.Session(profile_name='prod').client('sts', config=no_retry).get_caller_identity())
print(json.dumps(r))
`;

interface Outcome {
  ok?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  error?: { code: string; message: string; type: string; status: number };
}

describe('local STS with boto3', function () {
  this.timeout(60_000);
  const servers: LocalSts[] = [];
  let results: Record<string, Outcome>;
  let chainCalls: string[];
  let contentTypes: Set<string | undefined>;
  let home: AwsHome;

  before(async () => {
    const { fixture, aliceDevices } = fixtureWithMoreDevices(3);
    const mfa = new MfaPool(aliceDevices);
    const start = async (now?: () => number): Promise<LocalSts> => {
      const s = await startLocalSts({ fixture, now });
      servers.push(s);
      return s;
    };
    const sts = await start();
    const chainServer = await start();
    const clock = new TestClock();
    const expiring = await start(clock.now);
    const ahead = await start(() => Date.now() + 10 * 60_000);
    const throttled = await start();
    throttled.faults.throttle();
    const failing = await start();
    failing.faults.internalError();

    const sdk = new STSClient({ endpoint: expiring.url, region: 'us-east-1', credentials: alice.keys, maxAttempts: 1 });
    const c = (await sdk.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    sdk.destroy();
    const expired: Keys = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    clock.advance(901_000);

    const chainSerial = aliceDevices[3].serialNumber;
    home = makeAwsHome({ credentials: sample.aliceCredentials, config: threeHopChainConfig(chainSerial, 'boto3-ini') });
    const first = mfa.next();
    const config = {
      url: sts.url,
      alice: alice.keys,
      mfa: { serial: first.serialNumber, code: first.code },
      wrong: { serial: alice.mfaSerial, code: mfa.wrong(alice.mfaSerial) },
      chain: [['dev', roles.dev], ['staging', roles.staging], ['prod', roles.prod]],
      admin: roles.admin,
      expiredUrl: expiring.url,
      expired,
      aheadUrl: ahead.url,
      throttledUrl: throttled.url,
      failingUrl: failing.url,
    };
    const result = await run(PYTHON, ['-c', SCRIPT, JSON.stringify(config)], {
      env: home.env({ AWS_ENDPOINT_URL_STS: chainServer.url }),
      input: mfa.codeFor(chainSerial) + '\n',
    });
    results = parseJson<Record<string, Outcome>>(result);
    chainCalls = chainServer.calls.list().map((call) => call.action);
    contentTypes = new Set(sts.calls.list().map((call) => `${call.method} ${call.contentType}`));
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    home?.remove();
  });

  const ok = (name: string): Record<string, any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.ok(results[name]?.ok, `${name}: ${JSON.stringify(results[name])}`);
    return results[name].ok!;
  };
  const failed = (name: string, code: string, status: number, message?: string | RegExp): void => {
    const e = results[name]?.error;
    assert.ok(e, `${name}: expected an error, got ${JSON.stringify(results[name])}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
    assert.equal(e.type, status >= 500 ? 'Receiver' : 'Sender');
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
  };

  it('gets identities, an MFA session token and the Dev -> Staging -> Prod chain', () => {
    assert.deepEqual(ok('gci'), { UserId: 'AIDAALICEEXAMPLE11111', Account: '111111111111', Arn: alice.arn });
    const creds = ok('gst').Credentials;
    assert.match(creds.AccessKeyId, TEMP_KEY_ID);
    // botocore parses Expiration to an aware datetime; isoformat() gives +00:00.
    assert.match(creds.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.equal(ok('gciSession').Arn, alice.arn);
    assert.equal(ok('prod').AssumedRoleUser.Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/boto3-prod');
    assert.equal(ok('gciProd').Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/boto3-prod');
    assert.match(new Date(creds.Expiration).toISOString(), ISO_UTC);
  });

  it('sends form-encoded Query POSTs', () => {
    assert.deepEqual([...contentTypes], ['POST application/x-www-form-urlencoded; charset=utf-8']);
  });

  it('resolves a role-profile chain with its MFA prompt through AWS_ENDPOINT_URL_STS', () => {
    assert.equal(ok('profileChain').Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/boto3-ini-prod');
    assert.deepEqual(chainCalls, ['AssumeRole', 'AssumeRole', 'AssumeRole', 'GetCallerIdentity']);
  });

  it('sees the STS error codes, types, statuses and messages', () => {
    const badCode = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
    failed('wrongCode', 'AccessDenied', 403, badCode);
    failed('reusedCode', 'AccessDenied', 403, badCode);
    failed('untrusted', 'AccessDenied', 403,
      'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin');
    failed('chainedTooLong', 'ValidationError', 400, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    failed('expired', 'ExpiredToken', 400, 'The security token included in the request is expired');
    failed('badSignature', 'SignatureDoesNotMatch', 403, /^The request signature we calculated does not match/);
    failed('unknownKey', 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    failed('skewed', 'SignatureDoesNotMatch', 403, /^Signature expired: /);
    failed('throttled', 'Throttling', 400, 'Rate exceeded');
    failed('failing', 'InternalFailure', 500);
  });
});
