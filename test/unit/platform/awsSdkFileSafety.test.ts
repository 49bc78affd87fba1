/**
 * The real root-credentials adapter refuses to let the AWS SDK read files it would misread into
 * JavaScript's built-ins (`sdkFileSafety.ts`): the person gets a message naming the section,
 * and `Object.assign` still works afterwards, for this extension and every other in the host.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toRootCredentialsError } from '../../../src/core/assume/stsErrors';
import { createRootCredentials } from '../../../src/platform/awsSdk';

describe('root credentials through the AWS SDK: files it would misread', () => {
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-roles-sdk-files-'));
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  });
  after(() => {
    for (const [name, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const SSO = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n[profile admin]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n';

  async function resolveFailure(kind: string): Promise<unknown> {
    try {
      await createRootCredentials().resolve({ profileName: 'admin', kind });
    } catch (error) {
      return error;
    }
    assert.fail('resolved');
  }

  for (const kind of ['sso', 'webIdentity']) {
    it(`refuses a ${kind} root while the credentials file holds [constructor] with assign = …, and Object.assign survives`, async () => {
      fs.writeFileSync(process.env.AWS_CONFIG_FILE!, SSO);
      fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, '[constructor]\nassign = broken\nkeys = broken\n');
      const error = await resolveFailure(kind);
      assert.equal((error as Error).name, 'UnsafeConfigFile');
      assert.equal(typeof Object.assign, 'function');
      assert.equal(typeof Object.keys, 'function');
      const mapped = toRootCredentialsError(error, { profileName: 'admin', rootProfileName: 'admin', kind });
      assert.equal(mapped.kind, 'root-credentials');
      assert.match(mapped.message, /would write the values of \[constructor\] \(.*credentials, line 1\) onto JavaScript's own built-ins .* rename that profile/);
    });
  }

  it('lets the SDK read ordinary files (it then fails for its own reason: no SSO sign-in here)', async () => {
    fs.writeFileSync(process.env.AWS_CONFIG_FILE!, SSO);
    fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, '[other]\naws_access_key_id = A\naws_secret_access_key = B\n');
    const error = await resolveFailure('sso');
    assert.notEqual((error as Error).name, 'UnsafeConfigFile');
  });
});
