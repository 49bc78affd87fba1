/**
 * The session engine against the local STS (tools/local-sts) in this process, through the real
 * AWS SDK port (`createStsPort()`, @aws-sdk/client-sts).
 *
 * `assume-3hop-overhead` (ms per hop): what the engine adds on top of STS when assuming the
 * 3-hop chain alice → Dev (MFA) → Staging → Prod with a stored MFA session (so every measured
 * assume is exactly the three AssumeRole calls, no code).
 *
 *   ours     = (wall time of engine.assume('prod') − wall time spent inside the StsPort) / 3.
 *              "Inside the StsPort" is everything of an STS call: the SDK client's creation,
 *              serialisation, SigV4 signing, the loopback HTTP exchange, the local STS's own
 *              handling (same process, same thread) and parsing the answer.
 *   baseline = the same three AssumeRole calls (same MFA-session credentials, roles, session
 *              names and durations) made directly with STSClient, one client per hop as the
 *              port does, no engine: total / 3.
 *   Both are warmed up, then alternated (rotating order, a GC before each timed run); medians.
 *   Also measured in the same rotation and reported in params: the same chain where every round
 *   needs an MFA code (a fresh IAM user and device per round, code from a fake prompt returning
 *   the current TOTP): GetSessionToken + 3 AssumeRole, engine time again divided by 3 hops, the
 *   prompt's own time excluded.
 *
 * `sts-calls-role-switch` (calls): with a live MFA session (role Dev assumed behind MFA), the
 * STS calls a switch to the sibling DevReadOnly (same source profile and MFA device) makes, as
 * the local STS's call log records them; the engine's own `stsCalls` must agree.
 *
 * Not included: VS Code's SecretStorage (here an in-memory store; in VS Code each MFA-session
 * read is an IPC round trip to the keychain), the output channel (here a logger that keeps
 * lines in memory), and ActiveSessionService's events around the engine.
 */

import * as diagnostics from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Secret } from 'otpauth';
import { buildProfileModelFromContents } from '../src/core/config/profileModel';
import type { ProfileModel } from '../src/core/config/types';
import type { AwsCredentials, MfaPrompt, MfaPromptRequest, SessionLogger, StsPort } from '../src/core/vocabulary/ports';
import { SessionEngine, type SessionEngineOptions } from '../src/core/assume/sessionEngine';
import { createStsPort } from '../src/platform/awsSdk';
import { startLocalSts, totpFor, type Fixture } from '../tools/local-sts';
import { FakeSecretStore } from '../test/support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../test/support/fakes/fakeSessionLogger';
import { benchLog as log } from './log';
import { alternateArms, collectGarbage, median, NO_BASELINE, round, withBaseline, type BenchResult } from './stats';

export const HOPS = 3;
const REGION = 'us-east-1';
const USER_NAME = 'bench';
/** What the engine sends as RoleSessionName for this user (`${user}-vscode`); the baseline sends the same. */
const ROLE_SESSION_NAME = `${USER_NAME}-vscode`;
/** Chained hops (and hops over an MFA session) are capped at one hour; the engine asks for that. */
const CHAINED_DURATION_SECONDS = 3600;

export const ROLES = {
  dev: 'arn:aws:iam::222222222222:role/Dev',
  devReadOnly: 'arn:aws:iam::222222222222:role/DevReadOnly',
  staging: 'arn:aws:iam::333333333333:role/Staging',
  prod: 'arn:aws:iam::444444444444:role/Prod',
} as const;
const CHAIN = [ROLES.dev, ROLES.staging, ROLES.prod];

/** A fake IAM user of the local STS: keys and one virtual MFA device. */
export interface BenchUser {
  readonly name: string;
  readonly arn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly device: string;
  readonly seed: string;
}

function benchUser(name: string, index: number): BenchUser {
  const tag = String(index).padStart(4, '0');
  return {
    name,
    arn: `arn:aws:iam::111111111111:user/${name}`,
    accessKeyId: `AKIABENCHUSERKEY${tag}`,
    secretAccessKey: `benchSecretKeyForTheLocalStsOnly${tag}xxxxxxx`.slice(0, 40),
    device: `arn:aws:iam::111111111111:mfa/${name}`,
    seed: new Secret({ size: 20 }).base32,
  };
}

/** alice, plus one user per MFA round (a TOTP step can be used once per device). */
export function makeUsers(mfaRounds: number): { alice: BenchUser; mfaUsers: BenchUser[] } {
  return {
    alice: benchUser('alice', 0),
    mfaUsers: Array.from({ length: mfaRounds }, (_, i) => benchUser(`mfa-user-${i + 1}`, i + 1)),
  };
}

export function fixtureFor(users: readonly BenchUser[]): Fixture {
  const everyone = users.map((user) => user.arn);
  return {
    users: users.map((user) => ({
      arn: user.arn,
      accessKeys: [{ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }],
      mfaDevices: [{ serialNumber: user.device, totpSecret: user.seed }],
    })),
    roles: [
      { arn: ROLES.dev, trustedPrincipals: everyone, mfaRequired: true, maxSessionDuration: 43200 },
      { arn: ROLES.devReadOnly, trustedPrincipals: everyone, mfaRequired: true, maxSessionDuration: 3600 },
      { arn: ROLES.staging, trustedPrincipals: [ROLES.dev], maxSessionDuration: 7200 },
      { arn: ROLES.prod, trustedPrincipals: [ROLES.staging], maxSessionDuration: 3600 },
    ],
  };
}

/**
 * Profiles as a user would write them, STS pointed at the local server through `services`.
 * alice's chain is `dev` → `staging` → `prod` (and `dev-readonly`); each MFA-round user `u`
 * has `u-dev` → `u-staging` → `u-prod`.
 */
export function modelFor(stsUrl: string, users: readonly BenchUser[]): ProfileModel {
  const config = ['[services local-sts]', 'sts =', `  endpoint_url = ${stsUrl}`];
  for (const user of users) {
    const prefix = user.name === 'alice' ? '' : `${user.name}-`;
    config.push(
      `[profile ${user.name}]`,
      `region = ${REGION}`,
      `[profile ${prefix}dev]`,
      `role_arn = ${ROLES.dev}`,
      `source_profile = ${user.name}`,
      `mfa_serial = ${user.device}`,
      'services = local-sts',
      `region = ${REGION}`,
      `[profile ${prefix}staging]`,
      `role_arn = ${ROLES.staging}`,
      `source_profile = ${prefix}dev`,
      'services = local-sts',
      `region = ${REGION}`,
      `[profile ${prefix}prod]`,
      `role_arn = ${ROLES.prod}`,
      `source_profile = ${prefix}staging`,
      'services = local-sts',
      `region = ${REGION}`,
    );
    if (user.name === 'alice') {
      config.push(
        '[profile dev-readonly]',
        `role_arn = ${ROLES.devReadOnly}`,
        'source_profile = alice',
        `mfa_serial = ${user.device}`,
        'services = local-sts',
        `region = ${REGION}`,
      );
    }
  }
  const credentials = users.map((user) => `[${user.name}]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`);
  const model = buildProfileModelFromContents(
    { status: 'ok', path: '/bench/config', text: config.join('\n') + '\n' },
    { status: 'ok', path: '/bench/credentials', text: credentials.join('') },
  );
  const broken = model.profiles.filter((profile) => profile.problems.some((problem) => problem.severity === 'error'));
  if (broken.length > 0) throw new Error(`bench profiles have problems: ${broken.map((p) => `${p.name}: ${p.problems[0].message}`).join('; ')}`);
  return model;
}

/** Wall time per STS action, summed over everything that goes through the wrapped port. */
class TimedStsPort implements StsPort {
  ms = 0;
  calls = 0;
  /** The MFA sessions GetSessionToken returned, by the device they were made with. */
  readonly mfaSessions = new Map<string, AwsCredentials>();

  constructor(private readonly inner: StsPort) {}

  reset(): void {
    this.ms = 0;
    this.calls = 0;
  }

  private async timed<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.ms += performance.now() - started;
      this.calls += 1;
    }
  }

  assumeRole: StsPort['assumeRole'] = (request) => this.timed(() => this.inner.assumeRole(request));
  getSessionToken: StsPort['getSessionToken'] = (request) =>
    this.timed(async () => {
      const credentials = await this.inner.getSessionToken(request);
      if (request.serialNumber !== undefined) this.mfaSessions.set(request.serialNumber, credentials);
      return credentials;
    });
  getCallerIdentity: StsPort['getCallerIdentity'] = (target) => this.timed(() => this.inner.getCallerIdentity(target));
}

/** The current TOTP code of the device asked for, like a person reading their phone; its time is kept apart. */
export class TotpPrompt implements MfaPrompt {
  prompts = 0;
  ms = 0;

  constructor(private readonly seeds: ReadonlyMap<string, string>) {}

  async askForCode(request: MfaPromptRequest): Promise<string | undefined> {
    const started = performance.now();
    this.prompts += 1;
    const seed = this.seeds.get(request.mfaSerial);
    if (!seed) throw new Error(`bench: prompt for an unknown MFA device ${request.mfaSerial}`);
    const code = totpFor(seed).generate();
    this.ms += performance.now() - started;
    return code;
  }
}

/**
 * The session engine as the benchmarks run it: the real SDK port (or another), every root a pair
 * of static keys, no `mfa_process`; `overrides` for a fake clock or a SecretStore that outlives a window.
 */
export function makeEngine(sts: StsPort, prompt: MfaPrompt, logger: SessionLogger, overrides: Partial<SessionEngineOptions> = {}): SessionEngine {
  return new SessionEngine({
    sts,
    mfaPrompt: prompt,
    mfaProcess: {
      run: async () => {
        throw new Error('bench: no profile has mfa_process');
      },
    },
    clock: { now: () => Date.now() },
    secrets: new FakeSecretStore(),
    roots: {
      resolve: async () => {
        throw new Error('bench: every root is a pair of static keys');
      },
    },
    logger,
    env: () => ({}),
    mfaSessionDurationSeconds: () => 28_800,
    userName: USER_NAME,
    ...overrides,
  });
}

/**
 * Loopback HTTP time seen from both ends, through Node's diagnostics channels: the client's
 * request start → response headers parsed, and the server's request headers parsed → response
 * flushed. Only the local STS serves HTTP in this process, and only STS calls are made.
 */
class HttpTimer {
  clientMs = 0;
  serverMs = 0;
  clientRequests = 0;
  serverRequests = 0;
  private readonly clientStarts = new WeakMap<object, number>();
  private readonly serverStarts = new WeakMap<object, number>();
  private readonly subscriptions: [string, (message: unknown) => void][] = [
    ['http.client.request.start', (m) => this.clientStarts.set((m as { request: object }).request, performance.now())],
    [
      'http.client.response.finish',
      (m) => {
        const started = this.clientStarts.get((m as { request: object }).request);
        if (started === undefined) return;
        this.clientMs += performance.now() - started;
        this.clientRequests += 1;
      },
    ],
    ['http.server.request.start', (m) => this.serverStarts.set((m as { request: object }).request, performance.now())],
    [
      'http.server.response.finish',
      (m) => {
        const started = this.serverStarts.get((m as { request: object }).request);
        if (started === undefined) return;
        this.serverMs += performance.now() - started;
        this.serverRequests += 1;
      },
    ],
  ];

  constructor() {
    for (const [name, listener] of this.subscriptions) diagnostics.subscribe(name, listener);
  }

  reset(): void {
    this.clientMs = this.serverMs = this.clientRequests = this.serverRequests = 0;
  }

  close(): void {
    for (const [name, listener] of this.subscriptions) diagnostics.unsubscribe(name, listener);
  }
}

/** One timed run's figures, in ms. */
interface Sample {
  readonly totalMs: number;
  readonly stsPortMs: number;
  readonly httpClientMs: number;
  readonly serverMs: number;
  readonly promptMs: number;
  readonly logLines: number;
}

export interface AssumeOverheadOptions {
  readonly rounds: number;
  readonly warmup: number;
}

export async function benchAssumeOverhead(options: AssumeOverheadOptions): Promise<BenchResult> {
  const { rounds, warmup } = options;
  const { alice, mfaUsers } = makeUsers(rounds + warmup);
  const users = [alice, ...mfaUsers];
  const localSts = await startLocalSts({ fixture: fixtureFor(users) });
  const http = new HttpTimer();
  try {
    const model = modelFor(localSts.url, users);
    const port = new TimedStsPort(createStsPort());
    const prompt = new TotpPrompt(new Map(users.map((user) => [user.device, user.seed])));
    const logger = new FakeSessionLogger();
    const engine = makeEngine(port, prompt, logger);

    /** Runs `run` with every counter reset first; checks the STS calls it made. */
    const measure = async (what: string, expectedCalls: number, run: () => Promise<unknown>): Promise<Sample> => {
      collectGarbage();
      const mark = localSts.calls.list().length;
      port.reset();
      http.reset();
      prompt.ms = 0;
      const linesBefore = logger.lines.length;
      const started = performance.now();
      await run();
      const totalMs = performance.now() - started;
      const recorded = localSts.calls.list().slice(mark);
      const failed = recorded.filter((call) => call.status !== 200);
      if (recorded.length !== expectedCalls || failed.length > 0) {
        throw new Error(`${what}: the local STS recorded ${recorded.map((c) => `${c.action} ${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}`).join(', ')}; expected ${expectedCalls} successful calls`);
      }
      if (http.serverRequests !== expectedCalls || http.clientRequests !== expectedCalls) {
        throw new Error(`${what}: HTTP timing saw ${http.clientRequests} client / ${http.serverRequests} server requests, expected ${expectedCalls}`);
      }
      return { totalMs, stsPortMs: port.ms, httpClientMs: http.clientMs, serverMs: http.serverMs, promptMs: prompt.ms, logLines: logger.lines.length - linesBefore };
    };

    const engineAssume = async (profile: string, expectedStsCalls: number) => {
      const session = await engine.assume(profile, model);
      if (session.stsCalls !== expectedStsCalls || port.calls !== expectedStsCalls) {
        throw new Error(`assume ${profile}: the engine counted ${session.stsCalls} STS calls and the port saw ${port.calls}, expected ${expectedStsCalls}`);
      }
      if (!/^arn:aws:sts::444444444444:assumed-role\/Prod\//.test(session.assumedRoleArn ?? '')) {
        throw new Error(`assume ${profile}: ended as ${session.assumedRoleArn}, not Prod`);
      }
    };

    // Cold: the first assume in this process (SDK modules loaded on first use, nothing JIT-compiled),
    // with an MFA code; it leaves alice's MFA session stored for the rounds.
    const cold = await measure('cold assume with MFA', HOPS + 1, () => engineAssume('prod', HOPS + 1));
    const mfaSession = port.mfaSessions.get(alice.device);
    if (!mfaSession) throw new Error('the first assume stored no MFA session');

    const ours = () => measure('assume (stored MFA session)', HOPS, () => engineAssume('prod', HOPS));
    const baseline = () => measure('3 direct AssumeRole calls', HOPS, () => directChain(mfaSession, localSts.url));
    let nextMfaUser = 0;
    const withCode = () => {
      const user = mfaUsers[nextMfaUser++];
      return measure(`assume with MFA code (${user.name})`, HOPS + 1, () => engineAssume(`${user.name}-prod`, HOPS + 1));
    };

    // Rotate who goes first, so neither runs always right after the other's garbage.
    const [oursSamples, baselineSamples, mfaSamples] = await alternateArms<Sample>([ours, baseline, withCode], warmup, rounds);
    if (logger.errors().length > 0) throw new Error(`the engine logged errors: ${logger.errors().join(' | ')}`);

    const perHop = (values: number[]) => values.map((value) => value / HOPS);
    const overhead = (s: Sample) => s.totalMs - s.stsPortMs - s.promptMs;
    const oursOverhead = perHop(oursSamples.map(overhead));
    const baselinePerHop = perHop(baselineSamples.map((s) => s.totalMs));
    const med = (values: number[]) => round(median(values), 3);
    const runs = (values: number[]) => values.map((value) => round(value, 3));
    /** Per STS call: its whole time (`callMs`: in the StsPort, or the direct SDK call), the HTTP part, the server's part. */
    const breakdown = (list: Sample[], calls: number, callMs: (s: Sample) => number) => ({
      totalMs: med(list.map((s) => s.totalMs)),
      callMsPerCall: med(list.map((s) => callMs(s) / calls)),
      httpMsPerCall: med(list.map((s) => s.httpClientMs / calls)),
      serverMsPerCall: med(list.map((s) => s.serverMs / calls)),
      sdkClientMsPerCall: med(list.map((s) => (callMs(s) - s.httpClientMs) / calls)),
    });
    const inPort = (s: Sample) => s.stsPortMs;

    return withBaseline('assume-3hop-overhead', oursOverhead, baselinePerHop, '3 direct AssumeRole calls, per hop', {
      hops: HOPS,
      rounds,
      warmup,
      chain: 'alice (static keys) → Dev (MFA, via stored MFA session) → Staging → Prod',
      stsMsPerHop: med(perHop(oursSamples.map((s) => s.stsPortMs))),
      totalMs: med(oursSamples.map((s) => s.totalMs)),
      ours: breakdown(oursSamples, HOPS, inPort),
      baseline: breakdown(baselineSamples, HOPS, (s) => s.totalMs),
      withMfaCode: {
        what: 'GetSessionToken with a fresh code (new user and device each round) + 3 AssumeRole; engine time per hop excludes the prompt',
        overheadMsPerHop: med(perHop(mfaSamples.map(overhead))),
        stsCalls: HOPS + 1,
        promptMs: med(mfaSamples.map((s) => s.promptMs)),
        ...breakdown(mfaSamples, HOPS + 1, inPort),
        overheadRunsMsPerHop: runs(perHop(mfaSamples.map(overhead))),
      },
      coldFirstAssume: {
        what: 'first assume in the process, with an MFA code: SDK modules loaded, nothing warm',
        totalMs: round(cold.totalMs, 1),
        stsPortMs: round(cold.stsPortMs, 1),
        engineMs: round(overhead(cold), 1),
      },
      logLinesPerAssume: median(oursSamples.map((s) => s.logLines)),
      notes:
        'ours = (assume wall time − time inside the StsPort) / 3. Time inside the StsPort (stsMsPerHop) is the whole STS call: ' +
        'STSClient creation, serialisation, SigV4 signing, the loopback HTTP exchange, the local STS handling it (same process and thread), ' +
        'parsing the answer. httpMsPerCall = client request start → response headers; serverMsPerCall = server request start → response flushed ' +
        '(Node diagnostics channels); callMsPerCall = time in the StsPort (baseline: the direct call, loop included); sdkClientMsPerCall = callMsPerCall − httpMsPerCall. SecretStore is in memory (VS Code’s SecretStorage is an IPC to the keychain).',
      oursRunsMsPerHop: runs(oursOverhead),
      baselineRunsMsPerHop: runs(baselinePerHop),
    });
  } finally {
    http.close();
    await localSts.stop();
  }
}

/** The baseline: the chain's three AssumeRole calls straight on the SDK, one client per hop. */
async function directChain(mfaSession: AwsCredentials, endpoint: string): Promise<void> {
  let credentials = mfaSession;
  let arn = '';
  for (const roleArn of CHAIN) {
    const client = new STSClient({
      region: REGION,
      endpoint,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
    });
    try {
      const output = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: CHAINED_DURATION_SECONDS }));
      const next = output.Credentials;
      if (!next?.AccessKeyId || !next.SecretAccessKey) throw new Error(`direct AssumeRole ${roleArn}: no credentials`);
      credentials = { accessKeyId: next.AccessKeyId, secretAccessKey: next.SecretAccessKey, sessionToken: next.SessionToken };
      arn = output.AssumedRoleUser?.Arn ?? '';
    } finally {
      client.destroy();
    }
  }
  if (!arn.includes(':assumed-role/Prod/')) throw new Error(`direct chain ended as ${arn}, not Prod`);
}

/**
 * `sts-calls-role-switch`: assume Dev behind MFA (GetSessionToken + AssumeRole), then switch to
 * its sibling DevReadOnly and count what the local STS saw during the switch.
 */
export async function benchRoleSwitchCalls(): Promise<BenchResult> {
  const { alice } = makeUsers(0);
  const localSts = await startLocalSts({ fixture: fixtureFor([alice]) });
  try {
    const model = modelFor(localSts.url, [alice]);
    const prompt = new TotpPrompt(new Map([[alice.device, alice.seed]]));
    const engine = makeEngine(createStsPort(), prompt, new FakeSessionLogger());

    const first = await engine.assume('dev', model);
    const firstCalls = localSts.calls.list().map((call) => `${call.action} ${call.status}`);
    if (!/assumed-role\/Dev\//.test(first.assumedRoleArn ?? '')) throw new Error(`assume dev ended as ${first.assumedRoleArn}`);

    const mark = localSts.calls.list().length;
    const promptsBefore = prompt.prompts;
    const started = performance.now();
    const switched = await engine.assume('dev-readonly', model);
    const switchMs = performance.now() - started;
    const recorded = localSts.calls.list().slice(mark);
    if (!/assumed-role\/DevReadOnly\//.test(switched.assumedRoleArn ?? '')) throw new Error(`switch to dev-readonly ended as ${switched.assumedRoleArn}`);

    const countsAgree = recorded.length === switched.stsCalls;
    if (!countsAgree) {
      console.error(
        `[bench] !!! sts-calls-role-switch: MISMATCH: the local STS recorded ${recorded.length} calls ` +
          `(${recorded.map((c) => `${c.action} ${c.status}`).join(', ')}) but the engine counted ${switched.stsCalls} !!!`,
      );
    }
    const mfaPrompts = prompt.prompts - promptsBefore;
    if (mfaPrompts > 0) log(`sts-calls-role-switch: the switch asked for ${mfaPrompts} MFA code(s); a live MFA session should have served it`);
    return {
      name: 'sts-calls-role-switch',
      unit: 'calls',
      ours: recorded.length,
      ...NO_BASELINE,
      params: {
        what: 'assume dev (alice → Dev, MFA), then switch to dev-readonly (alice → DevReadOnly, same MFA device); calls of the switch',
        localStsCalls: recorded.length,
        engineStsCalls: switched.stsCalls,
        countsAgree,
        switchCalls: recorded.map((call) => `${call.action} ${call.status}${call.errorCode ? ` ${call.errorCode}` : ''}`),
        mfaPromptsDuringSwitch: mfaPrompts,
        firstAssumeCalls: firstCalls,
        firstAssumeEngineStsCalls: first.stsCalls,
        switchMs: round(switchMs),
      },
    };
  } finally {
    await localSts.stop();
  }
}
