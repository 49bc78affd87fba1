import * as assert from 'node:assert/strict';
import { buildProfileModelFromContents } from '../../../src/core/config/profileModel';
import { describeHop, describeProfile, describeProfileRow, formatDuration, matchesFilter, ROW_SEPARATOR, summarizeProfile } from '../../../src/core/config/profileSummary';
import { folderCases } from './corpusCases';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLETOKEN';
const EXTERNAL_ID = 'ext-id-do-not-show';

const DEV_SECTION = [
  '[profile dev]',
  'role_arn = arn:aws:iam::222222222222:role/Developer',
  'source_profile = base',
  'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
].join('\n');

const model = buildProfileModelFromContents(
  {
    status: 'ok',
    path: '/h/.aws/config',
    text: [
      '[profile dev]',
      'role_arn = arn:aws:iam::222222222222:role/Developer',
      'source_profile = base',
      'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
      `external_id = ${EXTERNAL_ID}`,
      'duration_seconds = 5400',
      'region = eu-west-1',
      '[profile broken]',
      'role_arn = arn:aws:iam::222222222222:role/X',
      'source_profile = ghost',
    ].join('\n'),
  },
  { status: 'ok', path: '/h/.aws/credentials', text: `[base]\naws_access_key_id = AKIAEXAMPLEBASE0WXYZ\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n` },
);
const dev = model.byName.get('dev')!;
const base = model.byName.get('base')!;

describe('what the tree says about a profile', () => {
  it('describes a role by account, role name and region, also when it has a warning', () => {
    assert.deepEqual(dev.problems.map((problem) => problem.code), ['duration-capped-when-chained']);
    assert.equal(describeProfile(dev), '222222222222 - Developer - eu-west-1');
  });

  it('describes keys by their last four characters only', () => {
    assert.equal(describeProfile(base), 'temporary keys ...WXYZ');
    assert.equal(describeHop(dev.chain.hops[1], base), 'temporary keys ...WXYZ');
  });

  it("says of a healthy profile what its chain's first hop says, and its region: the row and the expanded chain agree", () => {
    let compared = 0;
    for (const corpus of folderCases()) {
      const files = buildProfileModelFromContents(
        corpus.config === undefined ? { status: 'missing', path: '/h/.aws/config' } : { status: 'ok', path: '/h/.aws/config', text: corpus.config },
        corpus.credentials === undefined ? { status: 'missing', path: '/h/.aws/credentials' } : { status: 'ok', path: '/h/.aws/credentials', text: corpus.credentials },
      );
      for (const profile of files.profiles) {
        if (profile.problems.some((problem) => problem.severity === 'error')) continue;
        const region = profile.settings.get('region')?.value;
        const fromHop = [describeHop(profile.chain.first, profile), region].filter(Boolean).join(ROW_SEPARATOR);
        assert.equal(describeProfile(profile), fromHop, `${corpus.name}: profile ${profile.name}`);
        compared++;
      }
    }
    assert.ok(compared > 30, `only ${compared} healthy profiles in the corpus`);
  });

  it('names the kind of problem in place of the description, in a few words', () => {
    assert.equal(describeProfile(model.byName.get('broken')!), 'source profile missing');
    const twice = buildProfileModelFromContents(
      { status: 'ok', path: '/h/.aws/config', text: '[profile two]\nrole_arn = nope\nsource_profile = ghost\n' },
      { status: 'missing', path: '/h/.aws/credentials' },
    ).byName.get('two')!;
    assert.equal(describeProfile(twice), 'malformed role_arn (+1 more)');
  });

  it('marks a row active, and marks roles that ask for an MFA code, as the Assume Role picker does', () => {
    assert.equal(describeProfileRow(dev, false), '222222222222 - Developer - eu-west-1 - MFA');
    assert.equal(describeProfileRow(dev, true), 'active - 222222222222 - Developer - eu-west-1 - MFA');
    assert.equal(describeProfileRow(dev, true, '42 min left'), 'active - 42 min left - 222222222222 - Developer - eu-west-1 - MFA');
    assert.equal(describeProfileRow(dev, false, '42 min left'), '222222222222 - Developer - eu-west-1 - MFA', 'only the active row shows a time');
    assert.equal(describeProfileRow(dev, false, undefined, undefined, 'in a terminal - 50 min left'), 'in a terminal - 50 min left - 222222222222 - Developer - eu-west-1 - MFA', 'a profile held for a terminal says so first');
    assert.equal(describeProfileRow(base, false), 'temporary keys ...WXYZ');
    const chained = buildProfileModelFromContents(
      { status: 'ok', path: '/h/.aws/config', text: '[profile top]\nrole_arn = arn:aws:iam::222222222222:role/Top\nsource_profile = dev\n' + DEV_SECTION },
      { status: 'ok', path: '/h/.aws/credentials', text: '[base]\naws_access_key_id = AKIAEXAMPLEBASE0WXYZ\naws_secret_access_key = s\n' },
    ).byName.get('top')!;
    assert.equal(describeProfileRow(chained, false), '222222222222 - Top - MFA', 'an MFA device further down the chain counts');
    assert.equal(Object.fromEntries(summarizeProfile(chained).map((fact) => [fact.label, fact.value])).MFA, 'a role further down the chain asks for a code');
  });

  it('abbreviates a long chain in the tooltip: its first hops, how many more, and its root', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) lines.push(`[profile h${i}]`, `role_arn = arn:aws:iam::222222222222:role/H${i}`, `source_profile = h${i + 1}`);
    lines.push('[profile h1000]', 'aws_access_key_id = AKIAEXAMPLEBASE0WXYZ', 'aws_secret_access_key = s');
    const long = buildProfileModelFromContents({ status: 'ok', path: '/h/.aws/config', text: lines.join('\n') }, { status: 'missing', path: '/h/.aws/credentials' });
    const facts = Object.fromEntries(summarizeProfile(long.byName.get('h0')!).map((fact) => [fact.label, fact.value]));
    assert.equal(facts.Chain, 'h0 → h1 → h2 → … (997 more) → h1000 (static keys)');
    const short = Object.fromEntries(summarizeProfile(long.byName.get('h997')!).map((fact) => [fact.label, fact.value]));
    assert.equal(short.Chain, 'h997 → h998 → h999 → h1000 (static keys)');
  });

  it('lists role ARN, source, MFA device, external id presence, duration and place in the tooltip, never a secret', () => {
    const facts = Object.fromEntries(summarizeProfile(dev).map((fact) => [fact.label, fact.value]));
    assert.equal(facts['Role ARN'], 'arn:aws:iam::222222222222:role/Developer');
    assert.equal(facts['Source profile'], 'base');
    assert.equal(facts['MFA device'], 'arn:aws:iam::111111111111:mfa/alice');
    assert.equal(facts['External ID'], 'set');
    assert.equal(facts['Session duration'], '5400 s (90 min)');
    assert.equal(facts['Defined in'], '/h/.aws/config:1');
    assert.equal(facts.Chain, 'dev → base (static keys)');
    const everything = JSON.stringify([summarizeProfile(dev), summarizeProfile(base), describeProfile(base)]);
    for (const secret of [SECRET, TOKEN, EXTERNAL_ID, 'AKIAEXAMPLEBASE0WXYZ']) assert.ok(!everything.includes(secret), `${secret} must not be shown`);
  });

  it('formats durations for people', () => {
    assert.equal(formatDuration('3600'), '3600 s (1 h)');
    assert.equal(formatDuration('soon'), 'soon');
  });

  it('filters by name, account id, role name or region, ignoring case', () => {
    assert.equal(matchesFilter(dev, 'DEV'), true);
    assert.equal(matchesFilter(dev, '2222'), true);
    assert.equal(matchesFilter(dev, 'developer'), true);
    assert.equal(matchesFilter(dev, 'eu-west'), true);
    assert.equal(matchesFilter(dev, 'prod'), false);
    assert.equal(matchesFilter(dev, '  '), true);
  });
});
