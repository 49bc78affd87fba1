import * as assert from 'node:assert/strict';
import { bit, KNOWN_KEYS, knownKeyNumber } from '../../../src/core/config/knownKeys';
import { isTemporaryRoot, toProfileKind } from '../../../src/core/config/profileKinds';
import { RoleChainBuilder, type ChainProfile } from '../../../src/core/config/roleChains';
import type { ConfigProblem, SourceLocation } from '../../../src/core/config/types';

// The chain builder read directly, over hand-made profiles: no files, no parser, no model. Each
// profile is a plain object, so a builder that wrote onto the profiles it walks would be seen.

const FILE = '/home/me/.aws/config';
const ACCOUNT = '111111111111';

type Settings = Record<string, string>;

/** A profile as the model would hand it to the builder; `source` is resolved by `profilesOf`. */
interface FakeProfile extends ChainProfile {
  source: FakeProfile | undefined;
}

/** Hand-made profiles by name, each with its settings; every header on its own line, in order. */
function profilesOf(specs: Record<string, Settings>, ownProblems: Record<string, readonly ConfigProblem[]> = {}): Map<string, FakeProfile> {
  const byName = new Map<string, FakeProfile>();
  Object.entries(specs).forEach(([name, settings], index) => {
    const line = index * 10;
    const header: SourceLocation = { file: FILE, line };
    const keys = Object.keys(settings);
    const mask = keys.reduce((sum, key) => sum | bit(knownKeyNumber(key)!), 0);
    const settingOf = (key: number) => {
      const at = keys.indexOf(KNOWN_KEYS[key]);
      return at === -1 ? undefined : { value: settings[KNOWN_KEYS[key]], file: FILE, line: line + 1 + at };
    };
    byName.set(name, {
      name,
      header,
      mask,
      kind: toProfileKind(mask, false),
      sourceKind: toProfileKind(mask, true),
      source: undefined,
      ownProblems: ownProblems[name] ?? [],
      valueOf: (key) => settingOf(key)?.value,
      settingOf,
      headerHolding: (key) => (settingOf(key) ? header : undefined),
    });
  });
  for (const profile of byName.values()) {
    const sourceName = profile.valueOf(knownKeyNumber('source_profile')!);
    if (sourceName !== undefined) profile.source = byName.get(sourceName);
  }
  return byName;
}

function role(name: string, source: string, more: Settings = {}): Settings {
  return { role_arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, source_profile: source, ...more };
}

const KEYS: Settings = { aws_access_key_id: 'AKIAEXAMPLEKEYS00001', aws_secret_access_key: 'secret' };

function named(profiles: Map<string, FakeProfile>, name: string): FakeProfile {
  const profile = profiles.get(name);
  assert.ok(profile, `profile ${name} exists`);
  return profile;
}

function hopsOf(builder: RoleChainBuilder, profile: ChainProfile): [string, string, boolean][] {
  return builder.listHops(profile).map((hop) => [hop.profileName, hop.kind, hop.chained]);
}

function cycleMessage(builder: RoleChainBuilder, profile: ChainProfile): string | undefined {
  const cycle = builder.chainOfProfile(profile).problems.find((problem) => problem.code === 'source-cycle');
  return cycle && /Profiles visited: (.*)\. Point/.exec(cycle.message)?.[1];
}

describe('role chains', () => {
  it('walks source_profile down to the root: every hop once, the picked one first, MFA from any hop', () => {
    const profiles = profilesOf({
      top: role('top', 'mid'),
      mid: role('mid', 'base', { mfa_serial: `arn:aws:iam::${ACCOUNT}:mfa/me` }),
      base: KEYS,
    });
    const builder = new RoleChainBuilder();
    const top = named(profiles, 'top');
    assert.deepEqual(builder.chainOfProfile(top), { complete: true, problems: [], needsMfa: true });
    // The role over the long-term keys is not chained; the role over a role is.
    assert.deepEqual(hopsOf(builder, top), [
      ['top', 'role', true],
      ['mid', 'role', false],
      ['base', 'staticKeys', false],
    ]);
    assert.deepEqual(builder.firstHop(top), builder.listHops(top)[0]);
    assert.deepEqual(builder.listHops(top)[1].role, { partition: 'aws', accountId: ACCOUNT, roleName: 'mid', path: '/' });
    assert.equal(builder.listHops(top)[1].mfaSerial, `arn:aws:iam::${ACCOUNT}:mfa/me`);
    // A chain's hops are listed on first use and kept.
    const chain = builder.chainOf(top, true);
    assert.equal(chain.hops, chain.hops);
    assert.equal(chain.first.profileName, 'top');
  });

  it('lists a profile that is no role as its own root, and a role over credential_source as two hops of one profile', () => {
    const profiles = profilesOf({
      sso: { sso_session: 'corp', sso_account_id: ACCOUNT, sso_role_name: 'Dev' },
      ec2: { role_arn: `arn:aws:iam::${ACCOUNT}:role/ec2`, credential_source: 'Ec2InstanceMetadata' },
      empty: { region: 'eu-west-1' },
    });
    const builder = new RoleChainBuilder();
    assert.deepEqual(hopsOf(builder, named(profiles, 'sso')), [['sso', 'sso', false]]);
    assert.deepEqual(hopsOf(builder, named(profiles, 'ec2')), [
      ['ec2', 'role', true],
      ['ec2', 'credentialSource', false],
    ]);
    assert.equal(builder.listHops(named(profiles, 'ec2'))[1].credentialSource, 'Ec2InstanceMetadata');
    assert.deepEqual(builder.chainOfProfile(named(profiles, 'empty')), { complete: false, problems: [], needsMfa: false });
  });

  it('prefers a source profile\'s static keys over its own role, as the SDK does, so a self-reference with keys is no cycle', () => {
    const profiles = profilesOf({ self: { ...role('self', 'self'), ...KEYS } });
    const builder = new RoleChainBuilder();
    const self = named(profiles, 'self');
    assert.deepEqual(hopsOf(builder, self), [
      ['self', 'role', false],
      ['self', 'staticKeys', false],
    ]);
    assert.equal(builder.chainOfProfile(self).complete, true);
  });

  it('stops a cycle where it closes, names it once, and agrees on the place in the message and the hops', () => {
    const profiles = profilesOf({ a: role('a', 'b'), b: role('b', 'c'), c: role('c', 'a'), y: role('y', 'y'), x: role('x', 'a') });
    const builder = new RoleChainBuilder();
    const chain = (name: string) => builder.listHops(named(profiles, name)).map((hop) => hop.profileName);
    assert.equal(cycleMessage(builder, named(profiles, 'a')), 'a → b → c → a');
    assert.equal(cycleMessage(builder, named(profiles, 'b')), 'b → c → a → b');
    assert.equal(cycleMessage(builder, named(profiles, 'y')), 'y → y');
    assert.equal(cycleMessage(builder, named(profiles, 'x')), 'x → a → b → c → a');
    assert.deepEqual(chain('a'), ['a', 'b', 'c', 'a']);
    assert.deepEqual(chain('y'), ['y', 'y']);
    assert.deepEqual(chain('x'), ['x', 'a', 'b', 'c', 'a']);
    const facts = builder.chainOfProfile(named(profiles, 'x'));
    assert.equal(facts.complete, false);
    assert.deepEqual(
      facts.problems.map((problem) => [problem.code, problem.location]),
      [['source-cycle', { file: FILE, line: 42 }]],
      'on the line of x\'s source_profile',
    );
  });

  it('names a cycle the same whichever profile is asked first', () => {
    const specs = { a: role('a', 'b'), b: role('b', 'c'), c: role('c', 'a'), x: role('x', 'a') };
    for (const first of ['a', 'b', 'c', 'x']) {
      const profiles = profilesOf(specs);
      const builder = new RoleChainBuilder();
      builder.chainOfProfile(named(profiles, first));
      assert.equal(cycleMessage(builder, named(profiles, 'x')), 'x → a → b → c → a', `after ${first}`);
      assert.equal(cycleMessage(builder, named(profiles, 'c')), 'c → a → b → c', `after ${first}`);
    }
  });

  it('ends at a missing source profile: incomplete, one hop, and no problem of its own (the profile\'s check reports it)', () => {
    const profiles = profilesOf({ top: role('top', 'mid'), mid: role('mid', 'nowhere') });
    const builder = new RoleChainBuilder();
    for (const name of ['top', 'mid']) {
      assert.deepEqual(builder.chainOfProfile(named(profiles, name)), { complete: false, problems: [], needsMfa: false }, name);
    }
    assert.deepEqual(hopsOf(builder, named(profiles, 'mid')), [['mid', 'role', false]]);
    assert.deepEqual(hopsOf(builder, named(profiles, 'top')), [
      ['top', 'role', true],
      ['mid', 'role', false],
    ]);
  });

  it('repeats the nearest broken profile\'s error on every chain through it', () => {
    const broken: ConfigProblem = { code: 'role-arn-malformed', severity: 'error', message: 'role_arn is not an ARN.', location: { file: FILE, line: 11 } };
    const profiles = profilesOf({ top: role('top', 'mid'), mid: role('mid', 'base'), base: KEYS }, { mid: [broken] });
    const builder = new RoleChainBuilder();
    const problems = builder.chainOfProfile(named(profiles, 'top')).problems;
    assert.deepEqual(problems, [{ code: 'chain-broken', severity: 'error', message: 'In source profile "mid": role_arn is not an ARN.', location: { file: FILE, line: 11 } }]);
    // A warning breaks nothing.
    const warned = profilesOf({ top: role('top', 'base'), base: KEYS }, { base: [{ ...broken, severity: 'warning' }] });
    assert.deepEqual(new RoleChainBuilder().chainOfProfile(named(warned, 'top')).problems, []);
  });

  it('keeps its memo to itself: it writes nothing onto the profiles, and each builder learns afresh', () => {
    const profiles = profilesOf({ top: role('top', 'mid'), mid: role('mid', 'base'), base: KEYS });
    for (const profile of profiles.values()) Object.freeze(profile);
    const first = new RoleChainBuilder();
    const facts = first.chainOfProfile(named(profiles, 'top'));
    assert.equal(facts.complete, true);
    assert.deepEqual(first.chainOfProfile(named(profiles, 'top')), facts);

    // The next model resolves `mid` differently; a builder made for it must not reuse the first one's answers.
    const before = profilesOf({ top: role('top', 'mid'), mid: role('mid', 'base') });
    const top = named(before, 'top');
    const old = new RoleChainBuilder();
    assert.equal(old.chainOfProfile(top).complete, false);
    named(before, 'mid').source = profilesOf({ base: KEYS }).get('base');
    const fresh = new RoleChainBuilder();
    assert.equal(fresh.chainOfProfile(top).complete, true);
    assert.equal(old.chainOfProfile(top).complete, false, 'the first builder keeps what it learnt');
  });

  describe('the temporary-root rule: a role is chained when what it is assumed with is temporary', () => {
    const roots: [string, Settings, boolean][] = [
      ['long-term static keys', KEYS, false],
      ['static keys with a session token', { ...KEYS, aws_session_token: 'token' }, true],
      ['SSO', { sso_session: 'corp', sso_account_id: ACCOUNT, sso_role_name: 'Dev' }, true],
      ['legacy SSO', { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'eu-west-1', sso_account_id: ACCOUNT, sso_role_name: 'Dev' }, true],
      ['web identity', { role_arn: `arn:aws:iam::${ACCOUNT}:role/web`, web_identity_token_file: '/token' }, true],
      ['a console login', { login_session: 'arn:aws:iam::111111111111:user/me' }, true],
      ['a credential_process', { credential_process: 'vault-helper' }, false],
      ['credential_source Environment', { credential_source: 'Environment' }, false],
      ['credential_source Ec2InstanceMetadata', { credential_source: 'Ec2InstanceMetadata' }, true],
      ['credential_source EcsContainer', { credential_source: 'EcsContainer' }, true],
      ['another role', role('inner', 'keys'), true],
    ];
    for (const [what, root, chained] of roots) {
      it(`${chained ? 'chains' : 'does not chain'} a role over ${what}`, () => {
        const profiles = profilesOf({ top: role('top', 'root', { duration_seconds: '7200' }), root, keys: KEYS });
        const builder = new RoleChainBuilder();
        const top = named(profiles, 'top');
        assert.equal(builder.firstHop(top).chained, chained);
        assert.equal(builder.listHops(top)[0].chained, chained);
        // A chained role asking for more than an hour is warned that STS caps it.
        const codes = builder.chainOfProfile(top).problems.map((problem) => problem.code);
        assert.deepEqual(codes, chained ? ['duration-capped-when-chained'] : []);
      });
    }

    it('reads the same rule for a role over its own credential_source', () => {
      for (const [source, chained] of [['Environment', false], ['Ec2InstanceMetadata', true], ['EcsContainer', true]] as const) {
        const profiles = profilesOf({ direct: { role_arn: `arn:aws:iam::${ACCOUNT}:role/direct`, credential_source: source } });
        const direct = named(profiles, 'direct');
        assert.equal(new RoleChainBuilder().firstHop(direct).chained, chained, source);
        assert.equal(isTemporaryRoot('credentialSource', direct), chained, source);
      }
    });
  });
});
