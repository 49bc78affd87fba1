import * as assert from 'node:assert/strict';
import {
  DEFAULT_MFA_SESSION_SECONDS,
  clampMfaSessionSeconds,
  defaultRoleSessionName,
  requestedDurationSeconds,
  resolveRegion,
  roleSessionNameFor,
} from '../../../src/core/assume/hopSettings';
import { modelOf } from './modelHelpers';

describe('hop settings', () => {
  describe('default role session name', () => {
    it('names the user and VS Code', () => {
      assert.equal(defaultRoleSessionName('alice'), 'alice-vscode');
      assert.equal(defaultRoleSessionName('a.b+c=d,e@f_g-h'), 'a.b+c=d,e@f_g-h-vscode');
    });

    it('replaces characters STS refuses, one dash per run', () => {
      assert.equal(defaultRoleSessionName('Alice Smith'), 'Alice-Smith-vscode');
      assert.equal(defaultRoleSessionName('CORP\\alice'), 'CORP-alice-vscode');
      assert.equal(defaultRoleSessionName('josé  ünïcode'), 'jos-n-code-vscode');
      assert.equal(defaultRoleSessionName('  alice  '), 'alice-vscode');
    });

    it('keeps within 64 characters, keeping the -vscode suffix', () => {
      const name = defaultRoleSessionName('x'.repeat(100));
      assert.equal(name.length, 64);
      assert.ok(name.endsWith('-vscode'));
      assert.match(name, /^[\w+=,.@-]{2,64}$/);
    });

    it('falls back to aws-role-sessions when nothing usable is left', () => {
      assert.equal(defaultRoleSessionName(''), 'aws-role-sessions');
      assert.equal(defaultRoleSessionName('名前'), 'aws-role-sessions');
      assert.equal(defaultRoleSessionName('---'), 'aws-role-sessions');
    });
  });

  it('prefers the profile\'s role_session_name', () => {
    const model = modelOf('[profile named]\nrole_session_name = ci-bot\n[profile plain]\nregion = x\n');
    assert.equal(roleSessionNameFor(model.byName.get('named'), 'alice'), 'ci-bot');
    assert.equal(roleSessionNameFor(model.byName.get('plain'), 'alice'), 'alice-vscode');
  });

  it('reads duration_seconds, 3600 when absent or unusable', () => {
    const model = modelOf('[profile long]\nduration_seconds = 7200\n[profile plain]\nregion = x\n[profile bad]\nduration_seconds = soon\n');
    assert.equal(requestedDurationSeconds(model.byName.get('long')), 7200);
    assert.equal(requestedDurationSeconds(model.byName.get('plain')), 3600);
    assert.equal(requestedDurationSeconds(model.byName.get('bad')), 3600);
  });

  it('resolves the region: hop, picked profile, AWS_REGION, AWS_DEFAULT_REGION, us-east-1', () => {
    const model = modelOf('[profile hop]\nregion = eu-west-1\n[profile picked]\nregion = eu-central-1\n[profile bare]\noutput = json\n');
    const hop = model.byName.get('hop');
    const picked = model.byName.get('picked');
    const bare = model.byName.get('bare');
    const env = { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'ca-central-1' };
    assert.equal(resolveRegion([hop, picked], env), 'eu-west-1');
    assert.equal(resolveRegion([bare, picked], env), 'eu-central-1');
    assert.equal(resolveRegion([bare], env), 'ap-south-1');
    assert.equal(resolveRegion([bare], { AWS_DEFAULT_REGION: 'ca-central-1' }), 'ca-central-1');
    assert.equal(resolveRegion([bare], { AWS_REGION: '' }), 'us-east-1');
    assert.equal(resolveRegion([], {}), 'us-east-1');
  });

  it('clamps the MFA session duration to GetSessionToken\'s range, 8 hours by default', () => {
    assert.equal(DEFAULT_MFA_SESSION_SECONDS, 28_800);
    assert.equal(clampMfaSessionSeconds(60), 900);
    assert.equal(clampMfaSessionSeconds(200_000), 129_600);
    assert.equal(clampMfaSessionSeconds(3600.7), 3600);
    assert.equal(clampMfaSessionSeconds(Number.NaN), 28_800);
  });
});
