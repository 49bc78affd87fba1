/**
 * `credential_process` run by the extension with real child processes: credentials read by the
 * SDK's rules, and a failure that names the program and how it ended, never its arguments,
 * its stderr or what it printed.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toRootCredentialsError } from '../../../src/core/assume/stsErrors';
import { runCredentialProcess } from '../../../src/platform/credentialProcess';

const PASSWORD = 'hunter2-Sup3rSecret';
const SECRET = 'processSecretKey0000000000000000000000001';
const NOW = Date.parse('2026-12-02T15:00:00Z');

/** A shell command that prints `json` (single quotes escaped for sh). */
function printing(json: unknown): string {
  return `printf '%s' '${JSON.stringify(json).replace(/'/g, `'\\''`)}'`;
}

/** The message the user sees when the command fails for profile prod through vault. */
async function messageFor(command: string, timeoutMs?: number): Promise<string> {
  try {
    await runCredentialProcess(command, { timeoutMs, now: () => NOW });
  } catch (error) {
    const mapped = toRootCredentialsError(error, { profileName: 'prod', rootProfileName: 'vault', kind: 'process' });
    assert.equal(mapped.kind, 'root-credentials');
    for (const secret of [PASSWORD, SECRET, '--password']) assert.ok(!mapped.message.includes(secret), `leaked ${secret}: ${mapped.message}`);
    return mapped.message;
  }
  assert.fail('expected the command to fail');
}

describe('credential_process with real child processes', function () {
  this.timeout(30_000);

  let dir: string;
  /** A helper that complains on stderr, quoting its password, and exits 5. */
  let failingHelper: string;

  before(function () {
    if (process.platform === 'win32') this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-roles-credential-process-'));
    failingHelper = path.join(dir, 'vault-helper');
    fs.writeFileSync(failingHelper, '#!/bin/sh\necho "wrong password: $2" >&2\nexit 5\n', { mode: 0o755 });
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the credentials it prints', async () => {
    const credentials = await runCredentialProcess(
      `${printing({ Version: 1, AccessKeyId: 'ASIAPROCESSKEY00WXYZ', SecretAccessKey: SECRET, SessionToken: 'tok', Expiration: '2026-12-02T16:00:00Z' })} # --password=${PASSWORD}`,
      { now: () => NOW },
    );
    assert.deepEqual(credentials, {
      accessKeyId: 'ASIAPROCESSKEY00WXYZ',
      secretAccessKey: SECRET,
      sessionToken: 'tok',
      expiration: new Date('2026-12-02T16:00:00Z'),
    });
  });

  it('a failing command: the program and its exit code, not its arguments or stderr', async () => {
    const message = await messageFor(`"${failingHelper}" export --password=${PASSWORD}`);
    assert.equal(
      message,
      'Profile "prod" (hop "vault"): credential_process of profile "vault" (vault-helper) exited with code 5. Run the credential_process command yourself to see why.',
    );
  });

  it('a program that is not there, a kill and a timeout each say what happened', async () => {
    assert.match(await messageFor(`/opt/nowhere/vault-helper --password=${PASSWORD}`), /credential_process of profile "vault" \(vault-helper\) exited with code 127 \(command not found\)\./);
    assert.match(await messageFor(`kill -TERM $$ # --password=${PASSWORD}`), /\(kill\) was killed by SIGTERM\./);
    assert.match(await messageFor(`sleep 20 # --password=${PASSWORD}`, 400), /\(sleep\) did not finish within 0\.4 s and was stopped\./);
  });

  it('output it cannot use is described, never quoted', async () => {
    assert.match(await messageFor(`echo 'not json ${SECRET}'`), /\(echo\) printed something that is not a JSON object\./);
    assert.match(await messageFor(printing({ Version: 2, AccessKeyId: 'AKIAX', SecretAccessKey: SECRET })), /printed JSON without "Version": 1\./);
    assert.match(await messageFor(printing({ Version: 1, SecretAccessKey: SECRET })), /printed JSON without AccessKeyId and SecretAccessKey\./);
    assert.match(
      await messageFor(printing({ Version: 1, AccessKeyId: 'ASIAX', SecretAccessKey: SECRET, Expiration: '2026-12-02T14:00:00Z' })),
      /printed credentials that expired at 2026-12-02T14:00:00\.000Z\./,
    );
  });
});
