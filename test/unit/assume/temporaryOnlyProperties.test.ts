/**
 * Temporary, always (issue 20 §2), as a property over every kind of root: whatever a profile's
 * chain starts from (static keys with or without a session token or an MFA device, a
 * `credential_process` printing keys with or without a token, SSO, web identity, a role over
 * `credential_source = Environment`) and however many roles sit on top, nothing the extension
 * hands out or stores holds a long-term secret, unless the person allowed that very profile's
 * long-term keys; and even then they are never stored, never served by the endpoint, and reach
 * terminals only where nothing is written to disk.
 *
 * Handed out: the session, the terminals' collection in every mode, a debug launch's variables,
 * the credential endpoint's answer, the shell exports and the credential_process JSON. Stored:
 * every value in the SecretStore (the window's session, MFA sessions).
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerCredentialRequest } from '../../../src/core/injection/credentialRequests';
import type { InjectionSetting } from '../../../src/core/injection/injectionPlan';
import type { CredentialEndpoint, EndpointAddress } from '../../../src/core/injection/ports';
import { exportedVariables, formatCredentialProcessJson, formatShellExports } from '../../../src/core/injection/sessionExports';
import { SessionInjector } from '../../../src/core/injection/sessionInjector';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import type { AwsCredentials } from '../../../src/core/vocabulary/ports';
import { keepSessionInVault, SessionVault } from '../../../src/core/lifecycle/sessionVault';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';
import { harness } from './engineHarness';

const ENDPOINT: EndpointAddress = { url: 'http://127.0.0.1:40999/p', token: 'endpoint-token' };
const MFA = 'arn:aws:iam::111111111111:mfa/root-user';
const CODE = '246810';

/** How the chain's root yields credentials. */
type RootKind = 'keys' | 'keys-with-token' | 'keys-with-mfa' | 'process-long-term' | 'process-temporary' | 'sso' | 'web-identity' | 'environment-source';

const LONG_TERM = { accessKeyId: 'AKIAROOTLONGTERM0001', secretAccessKey: 'rootLongTermSecret/K7MDENGbPxRfiCYEXAMPLE' };
const TEMPORARY = {
  accessKeyId: 'ASIAROOTTEMPORARY001',
  secretAccessKey: 'rootTemporarySecret/K7MDENGbPxRfiCYEXAMPLE',
  sessionToken: 'rootTemporaryToken/IQoJb3JpZ2luX2VjEXAMPLE',
};

/** The config and credentials files for a root of `kind` named `root`, and `roles` role hops over it; the last is `top`. */
function files(kind: RootKind, roles: number): { config: string; credentials: string; top: string } {
  const lines: string[] = [];
  const credentials: string[] = [];
  const root = kind === 'environment-source' ? 'env-role' : 'root';
  switch (kind) {
    case 'keys':
    case 'keys-with-mfa':
      lines.push('[profile root]', 'region = eu-west-1', ...(kind === 'keys-with-mfa' ? [`mfa_serial = ${MFA}`] : []));
      credentials.push('[root]', `aws_access_key_id = ${LONG_TERM.accessKeyId}`, `aws_secret_access_key = ${LONG_TERM.secretAccessKey}`);
      break;
    case 'keys-with-token':
      lines.push('[profile root]', 'region = eu-west-1');
      credentials.push('[root]', `aws_access_key_id = ${TEMPORARY.accessKeyId}`, `aws_secret_access_key = ${TEMPORARY.secretAccessKey}`, `aws_session_token = ${TEMPORARY.sessionToken}`);
      break;
    case 'process-long-term':
    case 'process-temporary':
      lines.push('[profile root]', 'credential_process = /opt/bin/print-credentials', 'region = eu-west-1');
      break;
    case 'sso':
      lines.push('[profile root]', 'sso_session = corp', 'sso_account_id = 555555555555', 'sso_role_name = Admin', 'region = eu-west-1');
      lines.push('[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1');
      break;
    case 'web-identity':
      lines.push('[profile root]', 'role_arn = arn:aws:iam::111111111111:role/Web', 'web_identity_token_file = /var/run/token', 'region = eu-west-1');
      break;
    case 'environment-source':
      lines.push('[profile env-role]', 'role_arn = arn:aws:iam::111111111111:role/FromEnv', 'credential_source = Environment', 'region = eu-west-1');
      break;
  }
  let below = root;
  for (let i = 1; i <= roles; i++) {
    lines.push(`[profile hop${i}]`, `role_arn = arn:aws:iam::22222222222${i}:role/Hop${i}`, `source_profile = ${below}`, 'region = eu-west-1');
    below = `hop${i}`;
  }
  return { config: `${lines.join('\n')}\n`, credentials: `${credentials.join('\n')}\n`, top: below };
}

/** What the roots port yields for each kind (static keys are read from the files by the engine). */
function rootCredentials(kind: RootKind): AwsCredentials | undefined {
  switch (kind) {
    case 'process-long-term':
    case 'environment-source':
      return LONG_TERM;
    case 'process-temporary':
    case 'sso':
    case 'web-identity':
      return TEMPORARY;
    default:
      return undefined;
  }
}

class StaticEndpoint implements Omit<CredentialEndpoint, 'serve'> {
  address: EndpointAddress | undefined;
  async start() {
    this.address = ENDPOINT;
    return ENDPOINT;
  }
  async stop() {
    this.address = undefined;
  }
  dispose() {}
}

const ROOT_KINDS: readonly RootKind[] = ['keys', 'keys-with-token', 'keys-with-mfa', 'process-long-term', 'process-temporary', 'sso', 'web-identity', 'environment-source'];

describe('temporary, always: over every kind of root', function () {
  this.timeout(60_000);

  it('nothing handed out or stored holds a long-term secret unless that profile is allowed, and allowed keys are never stored, served or put where they reach disk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROOT_KINDS),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        fc.constantFrom<InjectionSetting>('auto', 'endpoint', 'environment'),
        fc.boolean(),
        fc.boolean(),
        async (kind, roles, allowTop, setting, reachDisk, defaultCredentials) => {
          const { config, credentials, top } = files(kind, roles === 0 && kind === 'environment-source' ? 1 : roles);
          const h = harness({ config, credentials, allowLongTermKeys: allowTop ? [top] : [] });
          h.sts.validCode = CODE;
          h.prompt.answer(CODE);
          h.sts.addUser(LONG_TERM, 'arn:aws:iam::111111111111:user/root-user');
          h.sts.addUser(TEMPORARY, 'arn:aws:sts::111111111111:assumed-role/Root/session');
          const fromRoots = rootCredentials(kind);
          if (fromRoots) h.roots.set(kind === 'environment-source' ? 'env-role' : 'root', fromRoots);

          const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
          keepSessionInVault(sessions, new SessionVault(h.secrets, 'ws'), () => undefined);
          const collection: Record<string, string> = {};
          const injector = new SessionInjector(sessions, {
            settings: () => ({ mode: setting, terminals: true, debug: true }),
            endpoint: new StaticEndpoint(),
            terminals: {
              replaceAll: (variables) => {
                for (const name of Object.keys(collection)) delete collection[name];
                Object.assign(collection, variables);
              },
              clear: () => {
                for (const name of Object.keys(collection)) delete collection[name];
              },
            },
            notices: { terminalsNeedRelaunch: () => undefined, warn: () => undefined },
            inherited: () => ({}),
            defaultProfileYieldsCredentials: async () => defaultCredentials,
            terminalsReachDisk: () => reachDisk,
            logger: h.logger,
          });

          let session;
          try {
            session = await sessions.assume(top);
          } catch (error) {
            assert.fail(`assuming ${top} over ${kind} failed: ${error instanceof SessionError ? error.message : String(error)}`);
          }
          await injector.refresh('settings');
          const launch = await injector.launchVariables();
          const served = answerCredentialRequest(
            { method: 'GET', target: '/p', host: '127.0.0.1:40999', authorization: ENDPOINT.token, hasBody: false },
            { host: '127.0.0.1:40999', path: '/p', token: ENDPOINT.token },
            sessions.state,
            h.clock.now(),
          );
          for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));

          const keysHandedOut = allowTop && roles === 0 && (kind === 'keys' || kind === 'keys-with-mfa' || kind === 'process-long-term');
          const handedOut = [
            JSON.stringify(session.credentials),
            JSON.stringify(launch?.variables ?? {}),
            formatShellExports(exportedVariables(session), 'posix'),
            formatCredentialProcessJson(exportedVariables(session)),
          ].join('\n');
          const stored = [...h.secrets.data.values()].join('\n');
          const terminals = JSON.stringify(collection);

          assert.equal(handedOut.includes(LONG_TERM.secretAccessKey), keysHandedOut, `${kind}, ${roles} roles, allowed ${allowTop}: long-term secret handed out`);
          assert.ok(!stored.includes(LONG_TERM.secretAccessKey), 'a long-term secret is never stored');
          assert.ok(!served.body.includes(LONG_TERM.secretAccessKey), 'the endpoint never serves a long-term secret');
          assert.equal(terminals.includes(LONG_TERM.secretAccessKey), keysHandedOut && !reachDisk, 'long-term keys reach terminals only where nothing is written to disk');
          assert.equal(session.credentials.sessionToken === undefined, keysHandedOut, 'only allowed long-term keys come without a session token');
          injector.dispose();
          sessions.dispose();
        },
      ),
      { numRuns: 300 },
    );
  });
});
