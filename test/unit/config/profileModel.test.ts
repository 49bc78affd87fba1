import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildProfileModelFromContents, naturalSortKey, sortProfiles } from '../../../src/core/config/profileModel';
import type { FileContent } from '../../../src/core/config/sharedConfigFiles';
import type { Profile, ProfileModel } from '../../../src/core/config/types';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';

const CONFIG = '/home/me/.aws/config';
const CREDENTIALS = '/home/me/.aws/credentials';

function model(config: string | undefined, credentials?: string): ProfileModel {
  const content = (path: string, text: string | undefined): FileContent =>
    text === undefined ? { status: 'missing', path } : { status: 'ok', path, text };
  return buildProfileModelFromContents(content(CONFIG, config), content(CREDENTIALS, credentials));
}

function profile(m: ProfileModel, name: string): Profile {
  const found = m.byName.get(name);
  assert.ok(found, `profile ${name} exists`);
  return found;
}

function codes(p: Profile): string[] {
  return p.problems.map((problem) => problem.code);
}

const BASE_KEYS = '[base]\naws_access_key_id = AKIAEXAMPLEBASE00001\naws_secret_access_key = s\n';

describe('profile model', () => {
  it('merges config and credentials, with the credentials file winning, and keeps every location', () => {
    const m = model('[profile base]\nregion = eu-west-1\naws_access_key_id = FROMCONFIG\n', BASE_KEYS);
    const base = profile(m, 'base');
    assert.equal(base.kind, 'staticKeys');
    assert.equal(base.settings.get('region')?.value, 'eu-west-1');
    assert.deepEqual(base.settings.get('aws_access_key_id'), { value: 'AKIAEXAMPLEBASE00001', file: CREDENTIALS, line: 1 });
    assert.deepEqual(base.locations, [{ file: CONFIG, line: 0 }, { file: CREDENTIALS, line: 0 }]);
    assert.deepEqual(base.problems, []);
  });

  it('keeps the files\' text out of a profile or model written as JSON, so a log of one prints no key', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const m = model(
      `[profile dev]\nrole_arn = arn:aws:iam::111111111111:role/Dev\nsource_profile = base\n[profile base]\naws_secret_access_key = ${secret}\n[sso-session corp]\nsso_region = eu-west-1\n`,
      '[base]\naws_access_key_id = AKIAEXAMPLEBASE00001\naws_secret_access_key = other\n',
    );
    // Reading settings and chains first: the JSON must stay clean after they are materialised.
    for (const p of m.profiles) void [p.settings.size, p.chain.hops, p.locations];
    const json = JSON.stringify({ profiles: m.profiles, ssoSessions: [...m.ssoSessions.values()] });
    assert.ok(json.includes('"dev"'), 'the JSON does describe the profiles');
    assert.ok(!json.includes(secret), 'no secret access key');
    assert.ok(!json.includes('AKIAEXAMPLEBASE00001'), 'no access key id');
  });

  it('lists profiles in file order, config file first; sortProfiles orders them by name ignoring case, numbers by value, default first', () => {
    const m = model('[profile b2]\nregion=x\n[profile B10]\nregion=x\n[default]\nregion=x\n[profile a]\nregion=x\n[profile A]\nregion=x\n', '[creds]\naws_access_key_id = A\naws_secret_access_key = B\n[a]\nregion = y\n');
    assert.deepEqual(m.profiles.map((p) => p.name), ['b2', 'B10', 'default', 'a', 'A', 'creds']);
    assert.deepEqual(sortProfiles([...m.profiles]).map((p) => p.name), ['default', 'A', 'a', 'b2', 'B10', 'creds']);
  });

  it('sorts names with numbers as people expect: h2 before h10, v1.9 before v1.10', () => {
    const names = ['h10', 'h100', 'h0', 'h2', 'h1', 'v1.10', 'v1.9', 'h01', 'h', 'app-10-prod', 'app-9-prod', 'App-9-dev', 'default', 'x007y', 'x7x'];
    assert.deepEqual(
      sortProfiles(names.map((name) => ({ name }))).map((p) => p.name),
      ['default', 'App-9-dev', 'app-9-prod', 'app-10-prod', 'h', 'h0', 'h01', 'h1', 'h2', 'h10', 'h100', 'v1.9', 'v1.10', 'x7x', 'x007y'],
    );
    assert.ok(naturalSortKey('h2') < naturalSortKey('h10'));
    assert.equal(naturalSortKey('h01'), naturalSortKey('H1'), 'case and leading zeros do not count; sortProfiles breaks the tie by exact name');
    assert.ok(naturalSortKey('h1') < naturalSortKey('h1a'));
    assert.ok(naturalSortKey('prod-999999999999') < naturalSortKey('prod-1000000000000'), 'account-id-sized numbers by value too');
    assert.ok(naturalSortKey('h999999999') < naturalSortKey('h1000000000'), 'nine digits before ten');
    assert.ok(naturalSortKey('h9-x') < naturalSortKey('h10-a') && naturalSortKey('h1-') < naturalSortKey('h1_') && naturalSortKey('h5') < naturalSortKey('h_'), 'numbers against punctuation as digits sort');
    assert.ok(naturalSortKey('h0') < naturalSortKey('h00a'));
  });

  it('sorts any names as a direct natural comparison does: ignoring case, numbers by value, then by exact name', () => {
    // The reference walks both names at once, comparing digit runs by their value and anything
    // else by its lower-cased character; sortProfiles gets the same order from one key per name.
    const tokens = (name: string) => name.toLowerCase().match(/\d+|\D/g) ?? [];
    const isRun = (token: string) => /^\d/.test(token);
    const naturalCompare = (a: string, b: string): number => {
      const [left, right] = [tokens(a), tokens(b)];
      for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const [x, y] = [left[i], right[i]];
        if (isRun(x) && isRun(y)) {
          const [vx, vy] = [BigInt(x), BigInt(y)];
          if (vx !== vy) return vx < vy ? -1 : 1;
        } else if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
      }
      return left.length - right.length;
    };
    const exact = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const name = fc.string({ unit: fc.constantFrom(...'aAbZz0012789-_.:/@ '), maxLength: 16 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 40 }), (names) => {
        const expected = names.filter((n) => n !== 'default').sort((a, b) => naturalCompare(a, b) || exact(a, b));
        if (names.includes('default')) expected.unshift('default');
        assert.deepEqual(sortProfiles(names.map((n) => ({ name: n }))).map((p) => p.name), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('builds a three-hop chain down to static keys, marking chained hops and MFA', () => {
    const m = model(
      [
        '[profile prod]',
        'role_arn = arn:aws:iam::444444444444:role/ops/Prod',
        'source_profile = staging',
        '[profile staging]',
        'role_arn = arn:aws:iam::333333333333:role/Staging',
        'source_profile = dev',
        '[profile dev]',
        'role_arn = arn:aws:iam::222222222222:role/Dev',
        'source_profile = base',
        'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
      ].join('\n'),
      BASE_KEYS,
    );
    const prod = profile(m, 'prod');
    assert.equal(prod.kind, 'role');
    assert.deepEqual(
      prod.chain.hops.map((hop) => [hop.profileName, hop.kind, hop.role?.accountId, hop.role?.roleName, hop.chained]),
      [
        ['prod', 'role', '444444444444', 'Prod', true],
        ['staging', 'role', '333333333333', 'Staging', true],
        ['dev', 'role', '222222222222', 'Dev', false],
        ['base', 'staticKeys', undefined, undefined, false],
      ],
    );
    assert.equal(prod.chain.complete, true);
    assert.equal(prod.needsMfa, true);
    assert.equal(prod.chain.hops[0].role?.path, '/ops/');
    assert.deepEqual(prod.problems, []);
    // A tree row reads only the first hop; it must be the listing's first, for every kind.
    for (const p of m.profiles) assert.deepEqual(m.byName.get(p.name)!.chain.first, p.chain.hops[0], p.name);
  });

  it('points each hop at the section holding its keys: the credentials file when the keys are written there', () => {
    const m = model(
      '[profile dev]\nrole_arn = arn:aws:iam::222222222222:role/Dev\nsource_profile = base\n[profile base]\nregion = eu-west-1\n',
      '[other]\naws_access_key_id = A\naws_secret_access_key = B\n' + BASE_KEYS,
    );
    assert.deepEqual(
      profile(m, 'dev').chain.hops.map((hop) => [hop.profileName, hop.kind, hop.location]),
      [
        ['dev', 'role', { file: CONFIG, line: 0 }],
        ['base', 'staticKeys', { file: CREDENTIALS, line: 3 }],
      ],
    );
    // The profile itself is still listed at both of its sections, the config file first.
    assert.deepEqual(profile(m, 'base').locations, [{ file: CONFIG, line: 3 }, { file: CREDENTIALS, line: 3 }]);
  });

  it('treats a profile that is its own source_profile with keys as a role over those keys, not a cycle', () => {
    const m = model('[profile self]\nrole_arn = arn:aws:iam::666666666666:role/Self\nsource_profile = self\naws_access_key_id = A\naws_secret_access_key = B\n');
    const self = profile(m, 'self');
    assert.deepEqual(self.chain.hops.map((hop) => [hop.profileName, hop.kind]), [['self', 'role'], ['self', 'staticKeys']]);
    assert.deepEqual(self.problems, []);
  });

  it('reports a source_profile cycle naming the visited profiles, on the line of the source_profile', () => {
    const m = model('[profile a]\nrole_arn = arn:aws:iam::777777777777:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::777777777777:role/B\nsource_profile = a\n');
    const a = profile(m, 'a');
    assert.equal(a.chain.complete, false);
    const cycle = a.problems.find((problem) => problem.code === 'source-cycle');
    assert.ok(cycle);
    assert.equal(cycle.message, 'Detected a cycle attempting to resolve credentials for profile a. Profiles visited: a → b → a. Point one source_profile at a profile with credentials.');
    assert.deepEqual(cycle.location, { file: CONFIG, line: 2 });
    assert.ok(codes(profile(m, 'b')).includes('source-cycle'));
  });

  it('names a cycle exactly once: a three-profile loop, a self-reference, and a profile leading into a loop', () => {
    const role = (name: string, source: string) => `[profile ${name}]\nrole_arn = arn:aws:iam::777777777777:role/${name}\nsource_profile = ${source}\n`;
    const m = model(role('a', 'b') + role('b', 'c') + role('c', 'a') + role('y', 'y') + role('x', 'a'));
    const visited = (name: string) => {
      const cycle = profile(m, name).problems.find((problem) => problem.code === 'source-cycle');
      assert.ok(cycle, `${name} reports the cycle`);
      return /Profiles visited: (.*)\. Point/.exec(cycle.message)?.[1];
    };
    assert.equal(visited('a'), 'a → b → c → a');
    assert.equal(visited('b'), 'b → c → a → b');
    assert.equal(visited('y'), 'y → y');
    assert.equal(visited('x'), 'x → a → b → c → a');
    // The tree's hops agree with the message: the walk stops where the loop closes.
    assert.deepEqual(profile(m, 'a').chain.hops.map((hop) => hop.profileName), ['a', 'b', 'c', 'a']);
    assert.deepEqual(profile(m, 'y').chain.hops.map((hop) => hop.profileName), ['y', 'y']);
    assert.deepEqual(profile(m, 'x').chain.hops.map((hop) => hop.profileName), ['x', 'a', 'b', 'c', 'a']);
  });

  it('walks a 20,000-profile chain and a 20,000-profile cycle without hanging or overflowing', function () {
    // About 1.5 s on an idle machine; the budget is explicit and wide so a busy one passes too.
    this.timeout(HEAVY_TEST_TIMEOUT_MS);
    const count = 20_000;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      lines.push(`[profile p${i}]`, `role_arn = arn:aws:iam::123456789012:role/R${i}`, `source_profile = p${(i + 1) % count}`);
    }
    const cyclic = model([...lines, '[profile into]', 'role_arn = arn:aws:iam::123456789012:role/Into', 'source_profile = p0'].join('\n'));
    // The listing stops where the cycle closes: p0 … p19999, then p0 again.
    const cyclicHops = profile(cyclic, 'p0').chain.hops;
    assert.equal(cyclicHops.length, count + 1);
    assert.equal(cyclicHops[count].profileName, 'p0');
    assert.match(profile(cyclic, 'p5').problems[0].message, / Profiles visited: p5 → p6 → p7 → … \(19997 more\) → p5\. /);
    assert.match(profile(cyclic, 'into').problems[0].message, / Profiles visited: into → p0 → p1 → … \(19998 more\) → p0\. /);
    assert.ok(codes(profile(cyclic, 'p0')).includes('source-cycle'));

    lines.push(`[profile p${count}]`, 'aws_access_key_id = A', 'aws_secret_access_key = B');
    lines[lines.length - 4] = `source_profile = p${count}`;
    const long = model(lines.join('\n'));
    const p0 = profile(long, 'p0');
    assert.equal(p0.chain.complete, true);
    assert.equal(p0.chain.hops.length, count + 1);
  }).timeout(60_000);

  it('reports a missing source_profile with the SDK-style message, on the profile and on those chained to it', () => {
    const m = model('[profile top]\nrole_arn = arn:aws:iam::222222222222:role/Top\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::222222222222:role/Mid\nsource_profile = nowhere\n');
    const mid = profile(m, 'mid');
    assert.deepEqual(codes(mid), ['source-profile-missing']);
    assert.equal(mid.problems[0].message, 'The source_profile "nowhere" referenced in the profile "mid" does not exist. Add a [profile nowhere] section or fix the name.');
    assert.deepEqual(mid.problems[0].location, { file: CONFIG, line: 5 });
    const top = profile(m, 'top');
    assert.deepEqual(codes(top), ['chain-broken']);
    assert.match(top.problems[0].message, /^In source profile "mid": The source_profile "nowhere"/);
    assert.deepEqual(top.problems[0].location, { file: CONFIG, line: 5 });
    assert.equal(top.chain.complete, false);
  });

  it('reports both or neither of source_profile and credential_source, and unknown credential sources', () => {
    const m = model(
      [
        '[profile both]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'source_profile = base',
        'credential_source = Environment',
        '[profile neither]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        '[profile weird]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'credential_source = Lambda',
        '[profile ecs]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'credential_source = EcsContainer',
      ].join('\n'),
      BASE_KEYS,
    );
    assert.deepEqual(codes(profile(m, 'both')), ['source-both']);
    assert.deepEqual(profile(m, 'both').problems[0].location, { file: CONFIG, line: 3 });
    assert.deepEqual(codes(profile(m, 'neither')), ['source-neither']);
    assert.deepEqual(codes(profile(m, 'weird')), ['credential-source-unknown']);
    assert.match(profile(m, 'weird').problems[0].message, /use Environment, Ec2InstanceMetadata, EcsContainer/);
    const ecs = profile(m, 'ecs');
    assert.deepEqual(codes(ecs), []);
    assert.deepEqual(ecs.chain.hops.map((hop) => [hop.kind, hop.credentialSource]), [['role', undefined], ['credentialSource', 'EcsContainer']]);
  });

  it('reports malformed role ARNs and MFA serials, and accepts hardware token serials', () => {
    const m = model(
      [
        '[profile badarn]',
        'role_arn = arn:aws:iam::12345:role/Short',
        'source_profile = base',
        '[profile badmfa]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'source_profile = base',
        'mfa_serial = my phone',
        '[profile hardware]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'source_profile = base',
        'mfa_serial = GAHT12345678',
      ].join('\n'),
      BASE_KEYS,
    );
    assert.deepEqual(codes(profile(m, 'badarn')), ['role-arn-malformed']);
    assert.deepEqual(codes(profile(m, 'badmfa')), ['mfa-serial-malformed']);
    assert.deepEqual(profile(m, 'badmfa').problems[0].location, { file: CONFIG, line: 6 });
    assert.deepEqual(codes(profile(m, 'hardware')), []);
  });

  it('checks duration_seconds: numbers only, 900 to 43200, and warns above 3600 on a chained hop', () => {
    const role = (name: string, source: string, duration: string) =>
      `[profile ${name}]\nrole_arn = arn:aws:iam::222222222222:role/${name}\nsource_profile = ${source}\nduration_seconds = ${duration}\n`;
    const m = model(
      role('words', 'base', 'one hour') + role('short', 'base', '899') + role('long', 'base', '43201') +
        role('direct', 'base', '43200') + role('chained', 'direct', '7200') + role('chainedok', 'direct', '3600'),
      BASE_KEYS,
    );
    assert.deepEqual(codes(profile(m, 'words')), ['duration-not-a-number']);
    assert.deepEqual(codes(profile(m, 'short')), ['duration-out-of-range']);
    assert.deepEqual(codes(profile(m, 'long')), ['duration-out-of-range']);
    assert.deepEqual(codes(profile(m, 'direct')), []);
    const chained = profile(m, 'chained');
    assert.deepEqual(codes(chained), ['duration-capped-when-chained']);
    assert.equal(chained.problems[0].severity, 'warning');
    assert.match(chained.problems[0].message, /limits to 3600 seconds/);
    assert.deepEqual(codes(profile(m, 'chainedok')), []);
  });

  it('counts SSO, temporary keys and instance roles as temporary sources, so roles on them are chained', () => {
    const m = model(
      [
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile sso]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        '[profile on-sso]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'source_profile = sso',
        '[profile on-temp]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'source_profile = temp',
        '[profile on-ec2]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'credential_source = Ec2InstanceMetadata',
        '[profile on-env]',
        'role_arn = arn:aws:iam::222222222222:role/R',
        'credential_source = Environment',
      ].join('\n'),
      '[temp]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = t\n',
    );
    const chained = (name: string) => profile(m, name).chain.hops[0].chained;
    assert.equal(chained('on-sso'), true);
    assert.equal(chained('on-temp'), true);
    assert.equal(chained('on-ec2'), true);
    assert.equal(chained('on-env'), false);
    assert.equal(profile(m, 'sso').kind, 'sso');
    assert.deepEqual(codes(profile(m, 'sso')), []);
  });

  it('knows every root kind the SDK knows', () => {
    const m = model(
      [
        '[profile proc]',
        'credential_process = /bin/creds',
        '[profile web]',
        'role_arn = arn:aws:iam::222222222222:role/Web',
        'web_identity_token_file = /tmp/token',
        '[profile login]',
        'login_session = arn:aws:iam::222222222222:user/me',
        '[profile legacy]',
        'sso_start_url = https://x.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = R',
      ].join('\n'),
    );
    assert.equal(profile(m, 'proc').kind, 'process');
    assert.equal(profile(m, 'web').kind, 'webIdentity');
    assert.equal(profile(m, 'login').kind, 'login');
    assert.equal(profile(m, 'legacy').kind, 'sso');
    for (const name of ['proc', 'web', 'login', 'legacy']) assert.deepEqual(codes(profile(m, name)), [], name);
  });

  it('reports SSO mistakes: a missing sso-session, an incomplete session, incomplete legacy keys', () => {
    const m = model(
      [
        '[sso-session half]',
        'sso_region = us-east-1',
        '[profile nosession]',
        'sso_session = gone',
        'sso_account_id = 123456789012',
        'sso_role_name = R',
        '[profile halfsession]',
        'sso_session = half',
        'sso_account_id = 123456789012',
        'sso_role_name = R',
        '[profile halflegacy]',
        'sso_start_url = https://x.awsapps.com/start',
        'sso_role_name = R',
      ].join('\n'),
    );
    assert.deepEqual(codes(profile(m, 'nosession')), ['sso-session-missing']);
    assert.deepEqual(codes(profile(m, 'halfsession')), ['sso-settings-incomplete']);
    assert.match(profile(m, 'halfsession').problems[0].message, /lacks sso_start_url/);
    assert.deepEqual(codes(profile(m, 'halflegacy')), ['sso-settings-incomplete']);
    assert.match(profile(m, 'halflegacy').problems[0].message, /lacks sso_account_id, sso_region/);
  });

  it('reports half a key pair and a profile that yields no credentials', () => {
    const m = model('[profile regiononly]\nregion = eu-west-1\n[profile webnorole]\nweb_identity_token_file = /t\n', '[half]\naws_access_key_id = AKIAEXAMPLEHALF00001\n');
    assert.deepEqual(codes(profile(m, 'half')), ['static-keys-incomplete']);
    assert.match(profile(m, 'half').problems[0].message, /aws_secret_access_key is missing/);
    assert.deepEqual(codes(profile(m, 'regiononly')), ['no-credentials']);
    assert.match(profile(m, 'webnorole').problems[0].message, /web_identity_token_file needs a role_arn/);
  });

  it('takes a [default] that holds only settings as deliberate: no problem, and no credentials', () => {
    const m = model('[default]\nregion = us-east-1\noutput = json\n[profile user]\nregion = us-east-1\n', '[user]\naws_access_key_id = AKIAEXAMPLEUSER00001\naws_secret_access_key = s\n');
    assert.equal(profile(m, 'default').kind, 'none');
    assert.deepEqual(codes(profile(m, 'default')), []);
    assert.equal(profile(m, 'default').chain.complete, false);
  });

  it('reports unreadable and unparsable files with the reason, and keeps the other file', () => {
    const m = buildProfileModelFromContents(
      { status: 'unreadable', path: CONFIG, reason: 'permission denied' },
      { status: 'ok', path: CREDENTIALS, text: BASE_KEYS },
    );
    assert.deepEqual(m.files.map((f) => f.status), ['unreadable', 'ok']);
    assert.match(m.fileProblems[0].message, /\/home\/me\/\.aws\/config cannot be read \(permission denied\)/);
    assert.deepEqual(m.profiles.map((p) => p.name), ['base']);

    const broken = model('[profile ok]\nregion = x\n[__proto__]\nregion = y\n', BASE_KEYS);
    assert.equal(broken.files[0].status, 'unparsable');
    assert.match(broken.fileProblems[0].message, /ignores the whole AWS config file .*Found invalid profile name "__proto__" on line 3/);
    assert.deepEqual(broken.fileProblems[0].location, { file: CONFIG, line: 2 });
  });

  it('warns about config sections the SDK ignores, where they are', () => {
    const m = model('[dev]\nregion = x\n[foo bar]\nregion = y\n[profile real]\nregion = z\n');
    assert.deepEqual(
      m.fileProblems.map((problem) => [problem.code, problem.location?.line, problem.message]),
      [
        ['section-ignored', 2, 'The AWS SDK ignores the section [foo bar]: its prefix is not profile, sso-session or services.'],
        ['section-ignored', 0, 'The AWS SDK ignores the section [dev]: in the config file a profile is written [profile dev].'],
      ],
    );
  });

  it('names the real cause when the SDK rejects a header for its spacing or its characters', () => {
    const headers = ['profile  dev', 'profile my dev', 'profile café', 'profile ops!', 'profile', 'sso-session\tcorp sso', 'café', ' profile dev'];
    const m = model(headers.map((header) => `[${header}]\nregion = x\n`).join(''));
    assert.deepEqual(m.profiles.map((p) => p.name), [], 'the SDK reads none of them');
    const ignored = 'The AWS SDK ignores the section';
    const nonAscii =
      'its name has letters outside A–Z (é). The AWS CLI and boto3 read such names, but the AWS SDK for JavaScript, and so this extension, does not; rename the section with letters A–Z, digits and _-@+.%:/';
    assert.deepEqual(
      m.fileProblems.map((problem) => [problem.location?.line, problem.message]),
      [
        [0, `${ignored} [profile  dev]: more than one space between profile and the name; write [profile dev].`],
        [2, `${ignored} [profile my dev]: its name holds a space, which the AWS SDK does not accept in a section name.`],
        [4, `${ignored} [profile café]: ${nonAscii}.`],
        [6, `${ignored} [profile ops!]: its name holds characters the AWS SDK does not accept (!); a name may hold letters A–Z, digits and _-@+.%:/.`],
        [8, `${ignored} [profile]: it names no profile after "profile"; write [profile NAME].`],
        [10, `${ignored} [sso-session\tcorp sso]: its name holds a space, which the AWS SDK does not accept in a section name.`],
        [12, `${ignored} [café]: in the config file a profile is written [profile café], and even then: ${nonAscii}.`],
        [14, `${ignored} [ profile dev]: spaces inside the brackets; write [profile dev].`],
      ],
    );
  });

  it('lets [profile default] replace [default] as the SDK does', () => {
    const m = model('[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n');
    const d = profile(m, 'default');
    assert.equal(d.settings.get('region')?.value, 'b');
    assert.equal(d.settings.has('output'), false);
  });
});
