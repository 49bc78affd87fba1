/**
 * Add to AWS Config…: the section appended for a role IAM Identity Center lists, the name the
 * person gives it, and what is appended to the file as it is now: every byte before stays.
 */
import * as assert from 'node:assert/strict';
import { profileNameProblem, profileSection, proposedProfileName, textToAppend } from '../../../src/core/configEditing/appendedProfile';
import { identityCenterRoleProfileName, signInLabel, withIdentityCenterRoles } from '../../../src/core/identityCenter/identityCenterRoleProfiles';
import { modelOf } from '../assume/modelHelpers';

const CONFIG = `[sso-session acme]
sso_start_url = https://acme-example.awsapps.com/start
sso_region = us-east-1

[profile sso-admin]
sso_session = acme
sso_account_id = 555555555555
sso_role_name = AdministratorAccess
region = us-west-2
services = local-sts

[profile ReadOnly-222222222222]
sso_session = acme
sso_account_id = 222222222222
sso_role_name = ReadOnly
`;

describe('Add to AWS Config…: the profile appended for an IAM Identity Center role', () => {
  const model = withIdentityCenterRoles(modelOf(CONFIG));

  it('writes the keys aws configure sso writes, with the region and endpoints of the sso-session\'s first profile', () => {
    const role = model.byName.get('acme/222222222222/ReadOnly')!;
    assert.equal(
      profileSection('dev-readonly', role),
      '[profile dev-readonly]\nsso_session = acme\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = us-west-2\nservices = local-sts\n',
    );
  });

  it('proposes the CLI\'s name, the next free one when it is taken, and refuses a name in use or one the file cannot hold', () => {
    assert.equal(proposedProfileName('AdministratorAccess', '555555555555', model), 'AdministratorAccess-555555555555');
    assert.equal(proposedProfileName('ReadOnly', '222222222222', model), 'ReadOnly-222222222222-2');
    assert.equal(profileNameProblem('sso-admin', model), 'A profile named "sso-admin" exists already: pick another name.');
    assert.equal(profileNameProblem('default', model), 'The default profile is [default], not a [profile] section: pick another name.');
    assert.equal(profileNameProblem('', model), 'Give the profile a name.');
    assert.equal(profileNameProblem('a b', model), 'A profile name cannot hold spaces, brackets, # or ;.');
    assert.equal(profileNameProblem('a]b', model), 'A profile name cannot hold spaces, brackets, # or ;.');
    assert.equal(profileNameProblem('acme-admin', model), undefined);
  });

  it('appends after a blank line, adds the newline a last line lacks, keeps CRLF files CRLF, and starts an empty or missing file with the section', () => {
    const section = '[profile x]\nsso_session = acme\n';
    for (const existing of ['[default]\nregion = us-east-1\n', '[default]\nregion = us-east-1', '[default]\r\nregion = us-east-1\r\n']) {
      const appended = textToAppend(existing, section);
      const after = existing + appended;
      assert.ok(after.startsWith(existing), 'every byte before stays');
      const written = after.slice(existing.length);
      assert.match(written, existing.includes('\r\n') ? /^\r\n\[profile x\]\r\nsso_session = acme\r\n$/ : existing.endsWith('\n') ? /^\n\[profile x\]\nsso_session = acme\n$/ : /^\n\n\[profile x\]\nsso_session = acme\n$/);
      // The file still reads as the profiles it had, plus the new one.
      const reread = modelOf(after);
      assert.deepEqual(reread.profiles.map((profile) => profile.name).sort(), ['default', 'x']);
    }
    assert.equal(textToAppend(undefined, section), section);
    assert.equal(textToAppend('', section), section);
  });
});

describe('IAM Identity Center\'s roles as profiles by name', () => {
  const model = withIdentityCenterRoles(modelOf(CONFIG));

  it('a name of sso-session, account id and role looks up a profile of that role, never listed among the user\'s', () => {
    const role = model.byName.get('acme/555555555555/ReadOnly');
    assert.equal(role?.kind, 'sso');
    assert.equal(role?.settings.get('sso_account_id')?.value, '555555555555');
    assert.equal(role?.settings.get('region')?.value, 'us-west-2');
    assert.deepEqual(role?.problems, []);
    assert.equal(model.byName.has('acme/555555555555/ReadOnly'), true);
    assert.deepEqual(model.profiles.map((profile) => profile.name), ['sso-admin', 'ReadOnly-222222222222']);
    assert.deepEqual([...model.byName.keys()], ['sso-admin', 'ReadOnly-222222222222']);
  });

  it('a name of an unknown sso-session, a short account id, or a model with no Identity Center looks up nothing', () => {
    assert.equal(model.byName.get('other/555555555555/ReadOnly'), undefined);
    assert.equal(model.byName.get('acme/5555/ReadOnly'), undefined);
    const plain = modelOf('[profile dev]\nrole_arn = arn:aws:iam::222222222222:role/Dev\nsource_profile = dev\n');
    assert.equal(withIdentityCenterRoles(plain), plain);
  });

  it('a legacy start URL\'s roles are named by its host, and take its sso_region', () => {
    const legacy = withIdentityCenterRoles(modelOf('[profile old]\nsso_start_url = https://old-corp.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n'));
    const role = legacy.byName.get('old-corp.awsapps.com/333333333333/Viewer');
    assert.equal(role?.settings.get('sso_start_url')?.value, 'https://old-corp.awsapps.com/start');
    assert.equal(role?.settings.get('region')?.value, 'eu-west-1');
  });

  it('a start URL that is no URL (a typo in the config) names its roles as written, and breaks nothing', () => {
    assert.equal(signInLabel({ startUrl: 'acme-example' }), 'acme-example');
    assert.equal(signInLabel({ sessionName: 'acme', startUrl: 'acme-example' }), 'acme');
    assert.equal(identityCenterRoleProfileName({ startUrl: 'acme-example', accountId: '111111111111', roleName: 'Admin' }), 'acme-example/111111111111/Admin');
  });
});
