import * as assert from 'node:assert/strict';
import { completeAt } from '../../../src/core/configEditing/configCompletion';
import { configDiagnostics } from '../../../src/core/configEditing/configDiagnostics';
import { linesOf, readConfigLine } from '../../../src/core/configEditing/configLines';
import { definitionsOf, hoverAt, profileLenses, referenceAt, referencesOf, symbolsOf } from '../../../src/core/configEditing/configNavigation';
import { editFiles, type EditedFiles, type LineSpan } from '../../../src/core/configEditing/editedFiles';

const CONFIG = '/home/me/.aws/config';
const CREDENTIALS = '/home/me/.aws/credentials';

/** Both files from text, as an editor holds them (nothing is read from disk). */
function edit(config: string, credentials = ''): EditedFiles {
  return editFiles({ content: { status: 'ok', path: CONFIG, text: config } }, { content: { status: 'ok', path: CREDENTIALS, text: credentials } });
}

/** The text a span covers. */
function textOf(files: EditedFiles, span: LineSpan): string {
  const file = span.file === CONFIG ? files.config : files.credentials;
  return file.lines!.lineAt(span.line).slice(span.start, span.end);
}

/** The position of the `n`th occurrence of `needle` in the config text, plus `offset` characters. */
function at(text: string, needle: string, offset = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  assert.notEqual(index, -1, `${needle} is in the text`);
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

const CHAIN = [
  '[profile prod]',
  'role_arn = arn:aws:iam::333333333333:role/Prod',
  'source_profile = admin',
  'mfa_serial = arn:aws:iam::111111111111:mfa/me',
  '',
  '[profile admin]',
  'role_arn = arn:aws:iam::222222222222:role/Admin',
  'source_profile = base',
  '',
  '[sso-session corp]',
  'sso_start_url = https://d-1234567890.awsapps.com/start',
  'sso_region = eu-west-1',
  '',
  '[profile sso-dev]',
  'sso_session = corp',
  'sso_account_id = 444444444444',
  'sso_role_name = Dev',
  '',
].join('\n');
const BASE_KEYS = '[base]\naws_access_key_id = AKIAEXAMPLEBASE00001\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

describe('config editing: diagnostics', () => {
  it('puts each problem on the exact text it is about, from unsaved text, once', () => {
    const text = [
      '[profile broken-chain]',
      'role_arn = arn:aws:iam::1:role/x',
      'source_profile = nowhere   # a comment',
      'duration_seconds = 99',
      '',
      '[profile above]',
      'role_arn = arn:aws:iam::222222222222:role/Above',
      'source_profile = broken-chain',
      '[dev]',
      'region = eu-west-1',
    ].join('\r\n');
    const files = edit(text);
    const diagnostics = configDiagnostics(files).get(CONFIG)!;
    const shown = diagnostics.map((d) => [d.code, d.severity, d.span.line, textOf(files, d.span)]);
    assert.deepEqual(shown, [
      ['section-ignored', 'warning', 8, '[dev]'],
      ['role-arn-malformed', 'error', 1, 'arn:aws:iam::1:role/x'],
      ['source-profile-missing', 'error', 2, 'nowhere'],
      ['duration-out-of-range', 'error', 3, '99'],
    ]);
    // The profile above the broken one is not told again at the broken one's lines (the tree tells it).
    assert.equal(configDiagnostics(files).get(CREDENTIALS)!.length, 0);
  });

  it('reports problems in the credentials file in that file, and a file the SDK rejects on its fatal line', () => {
    const files = edit('[profile a]\nsource_profile = b\nrole_arn = arn:aws:iam::123456789012:role/A\n', '[b]\naws_access_key_id = AKIAONLYHALF00000001\n');
    const credentials = configDiagnostics(files).get(CREDENTIALS)!;
    assert.deepEqual(credentials.map((d) => [d.code, textOf(files, d.span)]), [['static-keys-incomplete', 'aws_access_key_id = AKIAONLYHALF00000001']]);
    const fatal = edit('[profile ok]\nregion = x\n[__proto__]\nregion = y\n');
    assert.deepEqual(configDiagnostics(fatal).get(CONFIG)!.map((d) => [d.code, d.span.line, textOf(fatal, d.span)]), [['file-unparsable', 2, '[__proto__]']]);
  });

  it('shows nothing for a healthy pair of files', () => {
    const files = edit(CHAIN, BASE_KEYS);
    assert.deepEqual([...configDiagnostics(files).values()].flat(), []);
  });
});

describe('config editing: completion', () => {
  it('offers the keys of a profile section that are not set yet, replacing the word being typed', () => {
    const text = '[profile x]\nregion = eu-west-1\nrole_a\n';
    const items = completeAt(edit(text), edit(text).config, { line: 2, character: 6 });
    const labels = items.map((item) => item.label);
    assert.ok(labels.includes('role_arn') && labels.includes('source_profile') && labels.includes('mfa_serial') && labels.includes('credential_source') && labels.includes('sso_session') && labels.includes('duration_seconds'));
    assert.ok(!labels.includes('region'), 'region is set already');
    assert.ok(!labels.includes('sso_registration_scopes'), 'an sso-session key is not offered in a profile');
    const roleArn = items.find((item) => item.label === 'role_arn')!;
    assert.deepEqual([roleArn.insertText, roleArn.replaceStart, roleArn.replaceEnd], ['role_arn = ', 0, 6]);
    assert.match(roleArn.documentation!, /IAM role/);
  });

  it('offers the keys of an sso-session section there, and none in a comment, a header or an ignored section', () => {
    const text = '[sso-session corp]\n\n# \n[dev]\n\n';
    const files = edit(text);
    assert.deepEqual(completeAt(files, files.config, { line: 1, character: 0 }).map((item) => item.label), ['sso_start_url', 'sso_region', 'sso_registration_scopes']);
    assert.deepEqual(completeAt(files, files.config, { line: 2, character: 2 }), []);
    assert.deepEqual(completeAt(files, files.config, { line: 0, character: 3 }), []);
    assert.deepEqual(completeAt(files, files.config, { line: 4, character: 0 }), []);
  });

  it('completes profile names after source_profile = (not the profile itself), from both files', () => {
    const text = `${CHAIN}[profile new]\nsource_profile = \n`;
    const files = edit(text, BASE_KEYS);
    const position = at(text, 'source_profile = \n', 'source_profile = '.length);
    const items = completeAt(files, files.config, position);
    assert.deepEqual(items.map((item) => item.label).sort(), ['admin', 'base', 'prod', 'sso-dev']);
    assert.ok(items.every((item) => item.replaceStart === position.character && item.replaceEnd === position.character));
    assert.equal(items.find((item) => item.label === 'prod')!.detail, 'Prod');
  });

  it('replaces a half-typed value, and completes sso-session names, credential sources and regions', () => {
    const text = '[sso-session corp]\nsso_region = eu\n[profile x]\nsso_session = co\ncredential_source = \n';
    const files = edit(text);
    const region = completeAt(files, files.config, { line: 1, character: 15 });
    const ireland = region.find((item) => item.label === 'eu-west-1')!;
    assert.deepEqual([ireland.detail, ireland.replaceStart, ireland.replaceEnd], ['Europe (Ireland)', 13, 15]);
    assert.deepEqual(completeAt(files, files.config, { line: 3, character: 16 }).map((item) => item.label), ['corp']);
    assert.deepEqual(completeAt(files, files.config, { line: 4, character: 20 }).map((item) => item.label), ['Environment', 'Ec2InstanceMetadata', 'EcsContainer']);
  });

  it('puts the keys the credentials file is for first there', () => {
    const files = edit('', '[me]\n\n');
    const items = completeAt(files, files.credentials, { line: 1, character: 0 });
    const first = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).slice(0, 3);
    assert.deepEqual(first.map((item) => item.label), ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);
  });
});

describe('config editing: hover, definition, references, symbols, lenses', () => {
  it('explains a key, with its valid values', () => {
    const files = edit('[profile x]\ncredential_source = Environment\n');
    const hover = hoverAt(files, files.config, { line: 1, character: 3 })!;
    assert.match(hover.markdown, /credential_source/);
    assert.match(hover.markdown, /`Ec2InstanceMetadata`/);
    assert.equal(textOf(files, hover.span), 'credential_source');
  });

  it('shows the chain from a source_profile or a header down to its root, keys masked', () => {
    const files = edit(CHAIN, BASE_KEYS);
    const onSource = hoverAt(files, files.config, at(CHAIN, 'source_profile = admin', 18))!;
    assert.equal(textOf(files, onSource.span), 'admin');
    assert.match(onSource.markdown, /a chain of 2 hops/);
    assert.match(onSource.markdown, /1\. `admin`: role 222222222222 - Admin\n2\. `base`: static keys \.\.\.0001/);
    assert.doesNotMatch(onSource.markdown, /AKIAEXAMPLEBASE00001|wJalr/);
    const onHeader = hoverAt(files, files.config, { line: 0, character: 10 })!;
    assert.match(onHeader.markdown, /\*\*prod\*\*: a chain of 3 hops[\s\S]*MFA/);
    const missing = edit('[profile a]\nsource_profile = gone\n');
    assert.match(hoverAt(missing, missing.config, { line: 1, character: 19 })!.markdown, /No profile "gone"/);
  });

  it('goes from source_profile to the profile in whichever file it is, and from sso_session to its section', () => {
    const files = edit(CHAIN, BASE_KEYS);
    const toBase = referenceAt(files.config, at(CHAIN, 'source_profile = base', 17))!;
    assert.deepEqual(definitionsOf(files, toBase), [{ file: CREDENTIALS, line: 0, start: 1, end: 5 }]);
    const toAdmin = referenceAt(files.config, at(CHAIN, 'source_profile = admin', 17))!;
    const [admin] = definitionsOf(files, toAdmin);
    assert.deepEqual([admin.line, textOf(files, admin)], [5, 'admin']);
    const toCorp = referenceAt(files.config, at(CHAIN, 'sso_session = corp', 15))!;
    const [corp] = definitionsOf(files, toCorp);
    assert.deepEqual([corp.line, textOf(files, corp)], [9, 'corp']);
    assert.equal(referenceAt(files.config, at(CHAIN, 'source_profile = admin', 3)), undefined, 'the key itself names nothing');
  });

  it('finds the references to a profile from its header, declarations included when asked', () => {
    const text = `${CHAIN}[profile other]\nrole_arn = arn:aws:iam::555555555555:role/Other\nsource_profile = admin\n`;
    const files = edit(text, BASE_KEYS);
    const header = referenceAt(files.config, { line: 5, character: 12 })!;
    assert.equal(header.isDeclaration, true);
    const uses = referencesOf(files, header, false);
    assert.deepEqual(uses.map((span) => [span.line, textOf(files, span)]), [[2, 'admin'], [19, 'admin']]);
    assert.equal(referencesOf(files, header, true).length, 3);
    const fromCredentials = referenceAt(files.credentials, { line: 0, character: 2 })!;
    assert.deepEqual(referencesOf(files, fromCredentials, false).map((span) => span.line), [7]);
  });

  it('lists the sections of a file as symbols, each to its last line', () => {
    const files = edit(`[default]\nregion = eu-west-1\n\n${CHAIN}[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1\n`);
    const symbols = symbolsOf(files, files.config);
    assert.deepEqual(symbols.map((s) => [s.sectionKind, s.name, s.label, s.line, s.lastLine]), [
      ['profile', 'default', 'default', 0, 1],
      ['profile', 'prod', 'profile prod', 3, 6],
      ['profile', 'admin', 'profile admin', 8, 10],
      ['sso-session', 'corp', 'sso-session corp', 12, 14],
      ['profile', 'sso-dev', 'profile sso-dev', 16, 19],
      ['services', 'local', 'services local', 20, 22],
    ]);
  });

  it('puts a lens above each profile that can yield credentials, not above broken ones', () => {
    const text = `${CHAIN}[profile broken]\nsource_profile = gone\nrole_arn = arn:aws:iam::555555555555:role/B\n`;
    const files = edit(text, BASE_KEYS);
    assert.deepEqual(profileLenses(files, files.config), [
      { profileName: 'prod', line: 0 },
      { profileName: 'admin', line: 5 },
      { profileName: 'sso-dev', line: 13 },
    ]);
    assert.deepEqual(profileLenses(files, files.credentials), [{ profileName: 'base', line: 0 }]);
  });
});

describe('config editing: reading a line', () => {
  it('reads headers as the SDK names their sections in each file', () => {
    const names = (line: string, file: 'config' | 'credentials') => {
      const read = readConfigLine(line, file);
      return read.kind === 'header' ? [read.sectionKind, read.name, line.slice(read.nameStart, read.nameEnd)] : read.kind;
    };
    assert.deepEqual(names('[profile "quoted"]', 'config'), ['profile', 'quoted', 'quoted']);
    assert.deepEqual(names('  [ default ] ; c', 'config'), ['ignored', ' default ', ' default ']);
    assert.deepEqual(names('[default]', 'config'), ['profile', 'default', 'default']);
    assert.deepEqual(names('[dev]', 'config'), ['ignored', 'dev', 'dev']);
    assert.deepEqual(names('[profile.dotted]', 'config'), ['profile', 'dotted', 'dotted']);
    assert.deepEqual(names('[profile x]', 'credentials'), ['profile', 'profile.x', 'profile x']);
    assert.deepEqual(names('[dev]', 'credentials'), ['profile', 'dev', 'dev']);
    assert.equal(names('region = x#y', 'config'), 'entry');
    const entry = readConfigLine('region = eu-west-1 # c', 'config');
    assert.ok(entry.kind === 'entry' && entry.value === 'eu-west-1' && entry.key === 'region');
  });

  it('splits lines as the parser does: a CR is dropped only before LF', () => {
    const lines = linesOf('a\r\nb\rc\n');
    assert.deepEqual([lines.lineCount, lines.lineAt(0), lines.lineAt(1), lines.lineAt(2)], [3, 'a', 'b\rc', '']);
  });
});
