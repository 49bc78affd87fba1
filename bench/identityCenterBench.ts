/**
 * IAM Identity Center (issue 23), the extension's own pieces against the local service
 * (tools/local-sts serves STS, Identity Center's OIDC service, its portal and stand-in sign-in
 * pages on one loopback address), through the real AWS SDK ports.
 *
 * `identity-center-sign-in-to-first-role` (ms): from `engine.assume('sso-admin')` with nothing
 * signed in to the role's credentials in hand, beside one plain AssumeRole.
 *
 *   ours     = a fresh sign-in by device code (new SecretStorage, new `IdentityCenterSignIns`,
 *              `IdentityCenterAccess` and engine each round; the real OIDC and portal ports,
 *              the CLI token cache folder in an empty temp home) and the first role from it:
 *              RegisterClient, StartDeviceAuthorization, a page that approves at once (it POSTs
 *              the stand-in page's form as alice), CreateToken, GetRoleCredentials, the tokens
 *              kept in SecretStorage. Less the device flow's one forced wait: the extension
 *              (signInFlows.ts) waits max(1 s, the interval the service gives) before each
 *              CreateToken poll, so however fast the person approves, a device sign-in takes
 *              1 s more (AWS's interval is a whole number of seconds, 1 or more, anyway). The
 *              local service is told to allow polls at any pace (`pollIntervalSeconds: 0`, the
 *              least it takes; it would hand out a fraction too, and the SDK would pass it on,
 *              but the extension's floor is 1 s), the page approves during that wait, and
 *              exactly one poll must answer with the tokens; that wait, timed on the sign-in's
 *              own `TimeSource`, is taken out (and reported: `devicePollWaitMs`, the raw figure
 *              `deviceWallMs`). The page's own requests run during the wait.
 *   baseline = one AssumeRole of bob's static keys into Admin (no MFA) straight on STSClient,
 *              one client per call as the extension's port does.
 *   Also, in the same rotation (params): the authorization-code flow with PKCE, the desktop
 *              default, end to end (the real loopback redirect server; the page posts the
 *              approval and follows the redirect; no forced wait), and the engine's own assume
 *              of bob → Admin beside the direct call.
 *   Goal: ratio <= 6. A sign-in to a first role is four calls to the service where the
 *   baseline makes one (RegisterClient, StartDeviceAuthorization, CreateToken,
 *   GetRoleCredentials); half as much again for the rest (SecretStorage, the engine, the
 *   bookkeeping of a sign-in) is the most it should cost.
 *
 * `identity-center-tree-500-accounts` (ms): the Profiles tree's Identity Center rows for a
 * person assigned 500 accounts × 4 roles (2,000 role rows), signed in.
 *
 *   ours     = the real `ProfileTreeModel.identityCenterRows` (the sign-in's row and its state,
 *              read from SecretStorage) and the real node classes of src/tree/identityCenterNodes.ts
 *              (`getChildren()`, `toTreeItem()` as the provider's `getTreeItem` calls it) on a
 *              fresh `IdentityCenterAccess` (nothing listed yet) and a fresh
 *              `withIdentityCenterRoles(model)` (no role profile made yet): the sign-in's row
 *              expanded (ListAccounts, 5 pages of 100, sorted, 500 account rows), then every
 *              account row expanded at once, as VS Code asks for the children of each expanded
 *              row when it restores a tree (500 ListAccountRoles, sorted, each role's profile
 *              looked up by name, 2,000 role rows). `vscode` is bench/vscodeStub.ts's plain
 *              classes: VS Code sending the items to the workbench and drawing them is not in
 *              the figure (tree-10k measures that part for profile rows).
 *   baseline = the same listings on the plain SDK: one SSOClient, the ListAccounts paging loop
 *              (maxResults 100, as the portal port asks), then ListAccountRoles of every
 *              account at once (paging each), no rows built.
 *   Also, in the same rotation (params): the listings alone through the extension's
 *              `IdentityCenterAccess` and portal port, no rows (`listingsAlone`: ours less the
 *              rows), and the plain SDK with a new SSOClient per call, as the port made them
 *              before it kept one client per address (2.5 times the baseline then)
 *              (`plainClientPerCall`), to tell where ours' time goes.
 *   All alternate (rotating order, a GC before each), medians; the phases (accounts; roles)
 *   are reported apart in params. Goal: ratio <= 1.5.
 *
 * Not included, either benchmark: VS Code's SecretStorage (an in-memory store here; in VS Code
 * each read is an IPC to the main process and the keychain) and the output channel (a logger
 * that keeps lines in memory).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ListAccountRolesCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ProfileStore } from '../src/core/config/profileStore';
import type { ProfileModel } from '../src/core/config/types';
import { IdentityCenterAccess } from '../src/core/identityCenter/identityCenterAccess';
import { withIdentityCenterRoles } from '../src/core/identityCenter/identityCenterRoleProfiles';
import { identityCenterSessions } from '../src/core/identityCenter/identityCenterSessions';
import { IdentityCenterSignIns } from '../src/core/identityCenter/identityCenterSignIns';
import type { SignInPresenter, SignInStep } from '../src/core/identityCenter/ports';
import type { SignInFlow } from '../src/core/identityCenter/signInFlows';
import type { ScheduledTimer, TimeSource } from '../src/core/vocabulary/ports';
import type { RoleSession } from '../src/core/vocabulary/sessionTypes';
import { createIdentityCenterOidcPort, createIdentityCenterPortalPort, createStsPort } from '../src/platform/awsSdk';
import { loopbackRedirectServer } from '../src/platform/loopbackRedirectServer';
import { ssoTokenCacheFiles } from '../src/platform/ssoTokenCacheFiles';
import type * as TreeModelModule from '../src/tree/profileTreeModel';
import type { IdentityCenterAccountNode, IdentityCenterNode, IdentityCenterRoleNode } from '../src/tree/identityCenterNodes';
import { projectRoot } from '../tools/code-server/projectRoot';
import { loadFixture, startLocalSts, type LocalSts } from '../tools/local-sts';
import type { IdentityCenterUser } from '../tools/local-sts/identityCenterPortal';
import { FakeSecretStore } from '../test/support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../test/support/fakes/fakeSessionLogger';
import { modelOf } from '../test/unit/assume/modelHelpers';
import { makeEngine } from './assumeBench';
import { seededRandom } from './configGenerator';
import { requireWithVscodeStub } from './withVscodeStub';
import { alternateArms, collectGarbage, median, round, withBaseline, type BenchResult } from './stats';

const START_URL = 'https://acme-example.awsapps.com/start';
const SSO_REGION = 'us-east-1';
const USER = 'alice';
const SAMPLE_FIXTURE = () => path.join(projectRoot(), 'tools', 'local-sts', 'fixtures', 'sample.json');
const ADMIN_ROLE = 'arn:aws:iam::222222222222:role/Admin';
/** What the engine sends as RoleSessionName (makeEngine's user, `${user}-vscode`); the direct call sends the same. */
const ROLE_SESSION_NAME = 'bench-vscode';
/** The least poll interval the local service takes: none (it never answers slow_down). */
const POLL_INTERVAL_SECONDS = 0;
/** The extension's floor for the device flow's wait before each poll (signInFlows.ts: max(1, interval)). */
const DEVICE_POLL_FLOOR_MS = 1000;

/** The demo's sso-session and its admin profile, and bob's static keys into Admin (no MFA), as a person writes them. */
const CONFIG = `
[sso-session acme]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
sso_registration_scopes = sso:account:access

[profile sso-admin]
sso_session = acme
sso_account_id = 555555555555
sso_role_name = AdministratorAccess
region = us-west-2

[profile bob]
region = us-east-1

[profile bob-admin]
role_arn = ${ADMIN_ROLE}
source_profile = bob
region = us-east-1
`;

function endpointsEnv(url: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url };
}

/**
 * The person, on a sign-in page that approves at once: the device page's form posted as alice,
 * or the authorization page's form posted and its redirect followed back to the extension's
 * loopback server, as a browser does (test/sts/support/standInBrowser.ts, without reading the
 * page first). A page that fails cancels the sign-in, so a round never waits for the code to expire.
 */
class ApprovingPage implements SignInPresenter {
  readonly shown: SignInStep[] = [];
  /** Per page: from shown to the person done with it (the approval answered, the redirect followed). */
  readonly ms: number[] = [];
  failure: unknown;

  show(step: SignInStep): { readonly cancelled: Promise<void>; dispose(): void } {
    this.shown.push(step);
    const started = performance.now();
    const cancelled = this.approve(step).then(
      () => {
        this.ms.push(performance.now() - started);
        return new Promise<void>(() => undefined);
      },
      (error: unknown) => {
        this.failure = error;
      },
    );
    return { cancelled, dispose: () => undefined };
  }

  private async approve(step: SignInStep): Promise<void> {
    const url = new URL(step.url);
    if (step.flow === 'device-code') {
      const answer = await post(`${url.origin}/sso/device`, { user_code: step.userCode, user: USER, decision: 'approve' });
      await answer.text();
      if (answer.status !== 200) throw new Error(`the device page answered ${answer.status}`);
      return;
    }
    const answered = await post(`${url.origin}${url.pathname}`, { ...Object.fromEntries(url.searchParams), user: USER, decision: 'approve' });
    await answered.text();
    const location = answered.headers.get('location');
    if (answered.status !== 302 || !location) throw new Error(`the authorization page answered ${answered.status}`);
    const back = await fetch(location);
    await back.text();
    if (back.status !== 200) throw new Error(`the loopback server answered ${back.status}`);
  }
}

async function post(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
}

/** The system's clock and timers, each fired timer's wait timed: the device flow's poll wait is one. */
class TimedWaits implements TimeSource {
  waitedMs = 0;
  readonly fired: number[] = [];

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, callback: () => void): ScheduledTimer {
    const started = performance.now();
    const handle = setTimeout(() => {
      this.waitedMs += performance.now() - started;
      this.fired.push(delayMs);
      callback();
    }, delayMs);
    return { dispose: () => clearTimeout(handle) };
  }
}

/** The extension's sign-ins as src/extension.ts wires them, on the real SDK ports, `secrets` an in-memory SecretStorage. */
function makeSignIns(flow: SignInFlow, presenter: SignInPresenter, secrets: FakeSecretStore, cacheFolder: string, time: TimeSource, logger: FakeSessionLogger): IdentityCenterSignIns {
  return new IdentityCenterSignIns({
    oidc: createIdentityCenterOidcPort(),
    portal: createIdentityCenterPortalPort(),
    loopback: loopbackRedirectServer,
    presenter,
    secrets,
    cacheFiles: ssoTokenCacheFiles(() => cacheFolder),
    time,
    logger,
    flow: () => flow,
    shareWithCli: () => false,
    clientName: 'AWS Role Sessions (bench)',
  });
}

/** What the local service recorded since `mark`, as `action status`. */
function callsSince(sts: LocalSts, mark: number): string[] {
  return sts.calls
    .list()
    .slice(mark)
    .map((call) => `${call.action} ${call.status}${call.errorCode ? ` ${call.errorCode}` : ''}`);
}

function expectCalls(what: string, recorded: readonly string[], expected: readonly string[]): void {
  const sorted = (list: readonly string[]) => [...list].sort().join(', ');
  if (sorted(recorded) !== sorted(expected)) throw new Error(`${what}: the local service recorded ${recorded.join(', ') || 'nothing'}; expected ${expected.join(', ')}`);
}

/** Sample fixture's alice, with her assignments in the sandbox account (555555555555) only. */
function aliceInSandbox(): IdentityCenterUser {
  const alice = loadFixture(SAMPLE_FIXTURE()).identityCenter?.users.find((user) => user.userName === USER);
  if (!alice) throw new Error('the sample fixture has no Identity Center user alice');
  return { userName: USER, assignments: alice.assignments.filter((assignment) => assignment.accountId === '555555555555') };
}

function bobKeys(): { accessKeyId: string; secretAccessKey: string } {
  const bob = loadFixture(SAMPLE_FIXTURE()).users.find((user) => user.arn.endsWith(':user/bob'));
  if (!bob) throw new Error('the sample fixture has no user bob');
  return bob.accessKeys[0];
}

interface SignInSample {
  readonly totalMs: number;
  /** Fired timers' waits inside the assume (the device flow's poll wait). */
  readonly waitMs: number;
  readonly waits: number;
  /** The page's own time, from shown to done. */
  readonly pageMs: number;
}

export interface IdentityCenterSignInOptions {
  readonly rounds: number;
  readonly warmup: number;
}

export async function benchIdentityCenterSignIn(options: IdentityCenterSignInOptions): Promise<BenchResult> {
  const { rounds, warmup } = options;
  const sts = await startLocalSts({
    fixture: SAMPLE_FIXTURE(),
    identityCenter: { startUrls: [START_URL], pollIntervalSeconds: POLL_INTERVAL_SECONDS, users: [aliceInSandbox()] },
  });
  const home = mkdtempSync(path.join(tmpdir(), 'aws-role-sessions-bench-sso-'));
  const cacheFolder = path.join(home, '.aws', 'sso', 'cache');
  const logger = new FakeSessionLogger();
  const env = endpointsEnv(sts.url);
  const keys = bobKeys();
  const model = modelOf(CONFIG, `[bob]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`);
  const broken = model.profiles.filter((profile) => profile.problems.some((problem) => problem.severity === 'error'));
  if (broken.length > 0) throw new Error(`bench profiles have problems: ${broken.map((p) => `${p.name}: ${p.problems[0].message}`).join('; ')}`);
  const noPrompt = {
    askForCode: async (): Promise<string | undefined> => {
      throw new Error('bench: no profile here needs an MFA code');
    },
  };
  const plainEngine = makeEngine(createStsPort(), noPrompt, logger, { env: () => env });

  try {
    /** One fresh sign-in and the first role, in `flow`; checks what the service saw. */
    const signInRound = async (flow: SignInFlow): Promise<SignInSample> => {
      const page = new ApprovingPage();
      const time = new TimedWaits();
      // One SecretStorage for the sign-ins and the engine, as the window's context.secrets is; new each round.
      const secrets = new FakeSecretStore();
      const signIns = makeSignIns(flow, page, secrets, cacheFolder, time, logger);
      const access = new IdentityCenterAccess(signIns, createIdentityCenterPortalPort(), logger);
      const engine = makeEngine(createStsPort(), noPrompt, logger, { identityCenter: access, env: () => env, secrets });
      collectGarbage();
      const mark = sts.calls.list().length;
      let session: RoleSession;
      const started = performance.now();
      try {
        session = await engine.assume('sso-admin', model);
      } catch (error) {
        throw page.failure ?? error;
      } finally {
        access.dispose();
        signIns.dispose();
      }
      const totalMs = performance.now() - started;
      if (!/:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/alice$/.test(session.assumedRoleArn ?? session.identity?.arn ?? '')) {
        throw new Error(`sign-in (${flow}) ended as ${session.assumedRoleArn ?? session.identity?.arn}, not the sandbox AdministratorAccess role`);
      }
      const recorded = callsSince(sts, mark);
      const portal = recorded.filter((call) => !call.startsWith('sso-oidc:') && !call.startsWith('sso-signin:'));
      const pageCalls = flow === 'device-code' ? ['sso-signin:POST /sso/device 200'] : ['sso-signin:POST /authorize 302'];
      const oidc = flow === 'device-code' ? ['sso-oidc:RegisterClient 200', 'sso-oidc:StartDeviceAuthorization 200', 'sso-oidc:CreateToken 200'] : ['sso-oidc:RegisterClient 200', 'sso-oidc:CreateToken 200'];
      expectCalls(`sign-in (${flow})`, recorded, [...oidc, ...pageCalls, ...portal]);
      if (!portal.includes('sso:GetRoleCredentials 200') || portal.some((call) => !call.endsWith(' 200'))) throw new Error(`sign-in (${flow}): the portal and STS saw ${portal.join(', ')}`);
      if (page.shown.length !== 1 || page.ms.length !== 1) throw new Error(`sign-in (${flow}): ${page.shown.length} pages shown, ${page.ms.length} answered`);
      const expectedWaits = flow === 'device-code' ? [DEVICE_POLL_FLOOR_MS] : [];
      if (time.fired.join() !== expectedWaits.join()) throw new Error(`sign-in (${flow}): timers fired ${time.fired.join(', ') || 'none'}; expected ${expectedWaits.join(', ') || 'none'}`);
      return { totalMs, waitMs: time.waitedMs, waits: time.fired.length, pageMs: page.ms[0] };
    };

    /** The extension's own assume of bob → Admin (static keys, one AssumeRole). */
    const engineRound = async (): Promise<SignInSample> => {
      collectGarbage();
      const mark = sts.calls.list().length;
      const started = performance.now();
      const session = await plainEngine.assume('bob-admin', model);
      const totalMs = performance.now() - started;
      expectCalls('engine assume bob-admin', callsSince(sts, mark), ['AssumeRole 200']);
      if (!session.assumedRoleArn?.includes(':assumed-role/Admin/')) throw new Error(`engine assume bob-admin ended as ${session.assumedRoleArn}`);
      return { totalMs, waitMs: 0, waits: 0, pageMs: 0 };
    };

    /** The baseline: one AssumeRole straight on the SDK, one client per call as the port makes. */
    const directRound = async (): Promise<SignInSample> => {
      collectGarbage();
      const mark = sts.calls.list().length;
      const started = performance.now();
      const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: keys });
      let arn: string | undefined;
      try {
        const output = await client.send(new AssumeRoleCommand({ RoleArn: ADMIN_ROLE, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: 3600 }));
        if (!output.Credentials?.AccessKeyId) throw new Error('direct AssumeRole: no credentials');
        arn = output.AssumedRoleUser?.Arn;
      } finally {
        client.destroy();
      }
      const totalMs = performance.now() - started;
      expectCalls('direct AssumeRole', callsSince(sts, mark), ['AssumeRole 200']);
      if (!arn?.includes(':assumed-role/Admin/')) throw new Error(`direct AssumeRole ended as ${arn}`);
      return { totalMs, waitMs: 0, waits: 0, pageMs: 0 };
    };

    // Cold: the first sign-in in this process (the sso-oidc and sso clients' modules loaded on first use).
    const cold = await signInRound('device-code');
    const samples = await alternateArms<SignInSample>([() => signInRound('device-code'), directRound, () => signInRound('authorization-code'), engineRound], warmup, rounds);
    if (logger.errors().length > 0) throw new Error(`the extension logged errors: ${logger.errors().join(' | ')}`);
    const [device, direct, authCode, viaEngine] = samples;
    const med = (values: number[]) => round(median(values));
    const runs = (values: number[]) => values.map((value) => round(value));
    const oursMs = device.map((s) => s.totalMs - s.waitMs);
    const directMedian = median(direct.map((s) => s.totalMs));
    return withBaseline('identity-center-sign-in-to-first-role', oursMs, direct.map((s) => s.totalMs), 'one AssumeRole of static keys (bob → Admin, no MFA) on STSClient', {
      rounds,
      warmup,
      what: 'engine.assume(sso-admin) with nothing signed in: device-code sign-in (page approving at once) + GetRoleCredentials, less the one forced poll wait',
      flow: 'device-code',
      serviceCalls: 'RegisterClient, StartDeviceAuthorization, CreateToken (1 poll), GetRoleCredentials',
      pollIntervalSecondsGiven: POLL_INTERVAL_SECONDS,
      devicePolls: 1,
      devicePollWaitMs: med(device.map((s) => s.waitMs)),
      deviceWallMs: med(device.map((s) => s.totalMs)),
      pageMs: med(device.map((s) => s.pageMs)),
      authorizationCode: {
        what: 'the same with the authorization-code flow (PKCE, loopback redirect server), the desktop default; wall time, nothing taken out',
        totalMs: med(authCode.map((s) => s.totalMs)),
        ratio: round(median(authCode.map((s) => s.totalMs)) / directMedian, 3),
        pageMs: med(authCode.map((s) => s.pageMs)),
        lessPageMs: med(authCode.map((s) => s.totalMs - s.pageMs)),
        runsMs: runs(authCode.map((s) => s.totalMs)),
      },
      engineAssumeRole: {
        what: "the engine's own assume of bob → Admin (the same AssumeRole), beside the direct call",
        totalMs: med(viaEngine.map((s) => s.totalMs)),
        ratio: round(median(viaEngine.map((s) => s.totalMs)) / directMedian, 3),
      },
      coldFirstSignIn: { what: 'first device-code sign-in in the process, the SDK clients loaded on first use; wait taken out', totalMs: round(cold.totalMs - cold.waitMs, 1), waitMs: round(cold.waitMs, 1) },
      oursRunsMs: runs(oursMs),
      baselineRunsMs: runs(direct.map((s) => s.totalMs)),
      notes:
        'The device flow waits max(1 s, interval) before each CreateToken poll (signInFlows.ts), so 1 s is the floor of any device sign-in whatever interval the service gives (here 0); ' +
        'that wait (devicePollWaitMs, timed on the sign-in\'s TimeSource) is taken out of ours, the page\'s requests running inside it. SecretStorage is in memory.',
    });
  } finally {
    await sts.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// identity-center-tree-500-accounts

const TREE_ACCOUNTS = 500;
const ROLES_PER_ACCOUNT = 4;
/** Permission sets, not in sorted order (the rows sort them). */
const PERMISSION_SETS = ['ReadOnly', 'AdministratorAccess', 'ViewOnlyAccess', 'PowerUserAccess'] as const;
/** The portal port asks for this many per page, and so does the baseline. */
const PAGE_SIZE = 100;

/** alice assigned `accounts` accounts × 4 permission sets, listed in an order that is not the rows' (names shuffled). */
function manyAccountsUser(accounts: number, seed: number): IdentityCenterUser {
  const random = seededRandom(seed);
  const numbers = Array.from({ length: accounts }, (_, i) => i + 1);
  for (let i = numbers.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [numbers[i], numbers[j]] = [numbers[j], numbers[i]];
  }
  const teams = ['payments', 'search', 'identity', 'data', 'platform', 'mobile', 'web', 'ml'];
  const assignments = numbers.flatMap((n, index) => {
    const accountId = String(100_000_000_000 + index * 1_000_003).padStart(12, '0');
    const accountName = `${teams[n % teams.length]}-${String(n).padStart(3, '0')}`;
    return PERMISSION_SETS.map((roleName) => ({
      accountId,
      accountName,
      emailAddress: `aws+${accountName}@example.com`,
      roleName,
      roleArn: `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${roleName}_0123456789abcdef`,
    }));
  });
  return { userName: USER, assignments };
}

interface TreeSample {
  readonly accountsMs: number;
  readonly rolesMs: number;
  readonly totalMs: number;
  readonly accounts: number;
  readonly roles: number;
}

export interface IdentityCenterTreeOptions {
  readonly rounds: number;
  readonly warmup: number;
  readonly seed: number;
}

export async function benchIdentityCenterTree(options: IdentityCenterTreeOptions): Promise<BenchResult> {
  const { rounds, warmup, seed } = options;
  const { ProfileTreeModel } = requireWithVscodeStub<typeof TreeModelModule>('../src/tree/profileTreeModel');
  const user = manyAccountsUser(TREE_ACCOUNTS, seed);
  const sts = await startLocalSts({ fixture: SAMPLE_FIXTURE(), identityCenter: { startUrls: [START_URL], pollIntervalSeconds: POLL_INTERVAL_SECONDS, users: [user] } });
  const home = mkdtempSync(path.join(tmpdir(), 'aws-role-sessions-bench-sso-tree-'));
  const logger = new FakeSessionLogger();
  const env = endpointsEnv(sts.url);
  const files: ProfileModel = modelOf(CONFIG);
  const signIns = makeSignIns('authorization-code', new ApprovingPage(), new FakeSecretStore(), path.join(home, '.aws', 'sso', 'cache'), new TimedWaits(), logger);
  try {
    const [session] = identityCenterSessions(files, env);
    if (!session || session.portal.endpoint !== sts.url) throw new Error(`the config's sso-session is not pointed at the local service: ${JSON.stringify(session?.portal)}`);
    // Signed in once, before any round: the tree lists only for a signed-in sso-session.
    const accessToken = (await signIns.signIn(session)).accessToken;

    const ours = async (): Promise<TreeSample> => {
      // Fresh each round: nothing listed (a new IdentityCenterAccess), no role profile made yet (a new model).
      const access = new IdentityCenterAccess(signIns, createIdentityCenterPortalPort(), logger);
      const model = withIdentityCenterRoles(files);
      const store = { onDidChange: () => ({ dispose: () => undefined }) } as unknown as ProfileStore;
      // The rows' source as src/extension.ts wires it.
      const treeModel = new ProfileTreeModel(store, undefined, undefined, {
        sessions: (m) => identityCenterSessions(m, env),
        state: (s) => signIns.state(s),
        listings: {
          accounts: (s) => access.accounts(s, { interactive: false }),
          roleNames: (s, accountId) => access.roleNames(s, accountId, { interactive: false }),
        },
      });
      collectGarbage();
      const mark = sts.calls.list().length;
      const started = performance.now();
      const [row] = await treeModel.identityCenterRows(model);
      row.toTreeItem();
      const accountNodes = (await (row as IdentityCenterNode).getChildren()) as IdentityCenterAccountNode[];
      for (const node of accountNodes) node.toTreeItem();
      const accountsDone = performance.now();
      const roleLists = await Promise.all(accountNodes.map((node) => node.getChildren()));
      const roleNodes = roleLists.flat() as IdentityCenterRoleNode[];
      for (const node of roleNodes) node.toTreeItem();
      const done = performance.now();
      access.dispose();
      treeModel.dispose();
      checkTree('ours', accountNodes, roleNodes);
      checkListingCalls('ours', callsSince(sts, mark));
      return { accountsMs: accountsDone - started, rolesMs: done - accountsDone, totalMs: done - started, accounts: accountNodes.length, roles: roleNodes.length };
    };

    /** The same listings through the extension's own `IdentityCenterAccess` and portal port, no rows: ours' listing share. */
    const listingsOnly = async (): Promise<TreeSample> => {
      const access = new IdentityCenterAccess(signIns, createIdentityCenterPortalPort(), logger);
      collectGarbage();
      const mark = sts.calls.list().length;
      const started = performance.now();
      const accounts = await access.accounts(session, { interactive: false });
      const accountsDone = performance.now();
      const lists = await Promise.all(accounts.map((account) => access.roleNames(session, account.accountId, { interactive: false })));
      const done = performance.now();
      access.dispose();
      const roles = lists.reduce((sum, list) => sum + list.length, 0);
      if (accounts.length !== TREE_ACCOUNTS || roles !== TREE_ACCOUNTS * ROLES_PER_ACCOUNT) throw new Error(`listings alone: ${accounts.length} accounts and ${roles} roles`);
      checkListingCalls('listings alone', callsSince(sts, mark));
      return { accountsMs: accountsDone - started, rolesMs: done - accountsDone, totalMs: done - started, accounts: accounts.length, roles };
    };

    /**
     * The plain SDK listing; `clientPerCall`: a new SSOClient for every call, destroyed after it,
     * as the extension's portal port makes them (reported apart, to tell that share of ours).
     */
    const plainListing = async (clientPerCall: boolean): Promise<TreeSample> => {
      collectGarbage();
      const mark = sts.calls.list().length;
      const started = performance.now();
      const shared = new SSOClient({ region: SSO_REGION, endpoint: sts.url });
      const call = async <T>(send: (client: SSOClient) => Promise<T>): Promise<T> => {
        if (!clientPerCall) return send(shared);
        const own = new SSOClient({ region: SSO_REGION, endpoint: sts.url });
        try {
          return await send(own);
        } finally {
          own.destroy();
        }
      };
      let accounts: { accountId?: string; accountName?: string }[] = [];
      let roles = 0;
      let accountsDone = started;
      try {
        let nextToken: string | undefined;
        do {
          const page = await call((client) => client.send(new ListAccountsCommand({ accessToken, nextToken, maxResults: PAGE_SIZE })));
          accounts = accounts.concat(page.accountList ?? []);
          nextToken = page.nextToken || undefined;
        } while (nextToken);
        accountsDone = performance.now();
        const lists = await Promise.all(
          accounts.map(async (account) => {
            let names: string[] = [];
            let next: string | undefined;
            do {
              const page = await call((client) => client.send(new ListAccountRolesCommand({ accessToken, accountId: account.accountId, nextToken: next, maxResults: PAGE_SIZE })));
              names = names.concat((page.roleList ?? []).map((role) => role.roleName ?? ''));
              next = page.nextToken || undefined;
            } while (next);
            return names;
          }),
        );
        roles = lists.reduce((sum, list) => sum + list.length, 0);
      } finally {
        shared.destroy();
      }
      const done = performance.now();
      const what = clientPerCall ? 'plain SDK, a client per call' : 'baseline';
      if (accounts.length !== TREE_ACCOUNTS || roles !== TREE_ACCOUNTS * ROLES_PER_ACCOUNT) throw new Error(`${what} listed ${accounts.length} accounts and ${roles} roles`);
      checkListingCalls(what, callsSince(sts, mark));
      return { accountsMs: accountsDone - started, rolesMs: done - accountsDone, totalMs: done - started, accounts: accounts.length, roles };
    };

    const samples = await alternateArms<TreeSample>([ours, () => plainListing(false), listingsOnly, () => plainListing(true)], warmup, rounds);
    if (logger.errors().length > 0) throw new Error(`the extension logged errors: ${logger.errors().join(' | ')}`);
    const [oursSamples, baselineSamples, listingSamples, clientPerCallSamples] = samples;
    const med = (list: TreeSample[], pick: (s: TreeSample) => number) => round(median(list.map(pick)));
    const runs = (list: TreeSample[]) => list.map((s) => round(s.totalMs));
    return withBaseline(
      'identity-center-tree-500-accounts',
      oursSamples.map((s) => s.totalMs),
      baselineSamples.map((s) => s.totalMs),
      'the same listings on one plain SSOClient (ListAccounts paging loop, then every ListAccountRoles at once), no rows',
      {
        rounds,
        warmup,
        seed,
        accounts: TREE_ACCOUNTS,
        roles: TREE_ACCOUNTS * ROLES_PER_ACCOUNT,
        pageSize: PAGE_SIZE,
        calls: `${TREE_ACCOUNTS / PAGE_SIZE} ListAccounts + ${TREE_ACCOUNTS} ListAccountRoles a side`,
        what: 'the sign-in row (state from SecretStorage), its 500 account rows (ListAccounts, sorted), then all 500 accounts expanded at once (ListAccountRoles, sorted, role profiles looked up): getChildren + toTreeItem of the real node classes, vscode stubbed',
        accountsMs: { ours: med(oursSamples, (s) => s.accountsMs), baseline: med(baselineSamples, (s) => s.accountsMs) },
        rolesMs: { ours: med(oursSamples, (s) => s.rolesMs), baseline: med(baselineSamples, (s) => s.rolesMs) },
        accountsRatio: round(median(oursSamples.map((s) => s.accountsMs)) / median(baselineSamples.map((s) => s.accountsMs)), 3),
        rolesRatio: round(median(oursSamples.map((s) => s.rolesMs)) / median(baselineSamples.map((s) => s.rolesMs)), 3),
        listingsAlone: {
          what: "the same listings through the extension's IdentityCenterAccess and portal port (a new SSOClient per call), no rows built: ours less the rows",
          totalMs: med(listingSamples, (s) => s.totalMs),
          accountsMs: med(listingSamples, (s) => s.accountsMs),
          rolesMs: med(listingSamples, (s) => s.rolesMs),
          ratio: round(median(listingSamples.map((s) => s.totalMs)) / median(baselineSamples.map((s) => s.totalMs)), 3),
        },
        plainClientPerCall: {
          what: 'the baseline with a new SSOClient for every call, destroyed after it, as the portal port does',
          totalMs: med(clientPerCallSamples, (s) => s.totalMs),
          ratio: round(median(clientPerCallSamples.map((s) => s.totalMs)) / median(baselineSamples.map((s) => s.totalMs)), 3),
        },
        oursRunsMs: runs(oursSamples),
        baselineRunsMs: runs(baselineSamples),
        notIncluded: "VS Code sending the rows to the workbench and drawing them (vscode is bench/vscodeStub.ts's plain classes); SecretStorage's IPC (in memory here)",
        notes:
          'ours makes a new SSOClient per portal call (src/platform/identityCenterClients.ts), so a new connection each; the baseline shares one client and its keep-alive connections.',
      },
    );
  } finally {
    signIns.dispose();
    await sts.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Every account a row, every role a row of its own (not a message row saying a listing failed). */
function checkTree(what: string, accounts: readonly object[], roles: readonly object[]): void {
  const isAccount = (node: object) => 'account' in node && !('roleName' in node);
  const isRole = (node: object) => 'roleName' in node && 'profile' in node;
  if (accounts.length !== TREE_ACCOUNTS || !accounts.every(isAccount)) throw new Error(`${what}: ${accounts.length} rows under the sign-in, not ${TREE_ACCOUNTS} accounts`);
  if (roles.length !== TREE_ACCOUNTS * ROLES_PER_ACCOUNT || !roles.every(isRole)) throw new Error(`${what}: ${roles.length} rows under the accounts, not ${TREE_ACCOUNTS * ROLES_PER_ACCOUNT} roles`);
}

function checkListingCalls(what: string, recorded: readonly string[]): void {
  const count = (call: string) => recorded.filter((one) => one === call).length;
  const pages = count('sso:ListAccounts 200');
  const roleCalls = count('sso:ListAccountRoles 200');
  if (pages !== TREE_ACCOUNTS / PAGE_SIZE || roleCalls !== TREE_ACCOUNTS || recorded.length !== pages + roleCalls) {
    throw new Error(`${what}: the local service recorded ${pages} ListAccounts, ${roleCalls} ListAccountRoles and ${recorded.length - pages - roleCalls} other calls`);
  }
}
