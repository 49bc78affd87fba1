import * as assert from 'node:assert/strict';
import { buildProfileModelFromContents } from '../../../src/core/config/profileModel';
import { describeHop, describeProfile, formatDuration, matchesFilter, summarizeProfile } from '../../../src/core/config/profileSummary';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLETOKEN';
const EXTERNAL_ID = 'ext-id-do-not-show';

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
    assert.equal(describeProfile(dev), '222222222222 · Developer · eu-west-1');
  });

  it('describes keys by their last four characters only', () => {
    assert.equal(describeProfile(base), 'temporary keys …WXYZ');
    assert.equal(describeHop(dev.chain.hops[1], base), 'temporary keys …WXYZ');
  });

  it('shows the problem in place of the description', () => {
    assert.match(describeProfile(model.byName.get('broken')!), /^The source_profile "ghost" referenced in the profile "broken" does not exist/);
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
