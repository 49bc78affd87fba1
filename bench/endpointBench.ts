/**
 * The credential endpoint under load and across renewals (issue 9 §4).
 *
 * `endpoint-rps` (req/s) and `endpoint-p99` (ms): a second Node process on loopback keeps 50
 * keep-alive connections busy with GETs for a few seconds (flat out for the throughput; at a
 * steady 500 req/s for the latency, since flat out the p99 is the queue in front of any server) against our real server
 * (`CredentialEndpointServer`: Host, path and token checked, the session's end compared with
 * the wall clock, one log line built per request) and against a bare Node `http` server that
 * returns the same JSON with no checks, alternating, several rounds each after a short warm-up
 * of both. Goal: at least 0.8 of the bare server's throughput (the median over rounds of ours /
 * bare in the same round, each side of each round started on quiet CPUs), and a p99 under 5 ms.
 *
 * `endpoint-p99-under-attack` (ms): the right client's p99 while another process keeps 1,000
 * wrong-token requests in flight, beside the same with no flood. That is more than the
 * endpoint's connection cap (256): the flood's oldest unanswered connections are closed to let
 * new ones in, and its counts show how many.
 *
 * `renewal-gap-failures` (calls): a JS SDK process started once with the endpoint's two
 * variables calls GetCallerIdentity every 250 ms against the local STS while the session
 * renews three times underneath it (8-second credentials renewed every 4 s). Goal: 0 failed calls.
 */

import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionState } from '../src/core/lifecycle/windowSessions';
import type { RoleSession } from '../src/core/vocabulary/sessionTypes';
import { CredentialEndpointServer, MAX_CONNECTIONS } from '../src/platform/credentialEndpointServer';
import { startLocalSts } from '../tools/local-sts';
import { sample } from '../test/sts/support/fixture';
import { JS_LOOP, startRenewingSession, type LoopResult } from '../test/sts/support/renewingSession';
import { benchLog as log } from './log';
import { DEFAULT_SETTLE, waitUntilQuiet, type SettleOptions } from './settle';
import { median, NO_BASELINE, round, type BenchResult } from './stats';

const CONNECTIONS = 50;
const ROUND_MS = 3_000;
const WARM_UP_MS = 1_000;
const ROUNDS = 3;

/** Runs in the second process: keeps `connections` requests in flight for `ms`, prints `{requests, errors, p99Ms, p50Ms}`. */
const LOAD_GENERATOR = String.raw`
const http = require('http');
const [url, token, connections, ms, rate] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
// One address and token, or a JSON list of [address, token] pairs shared out among the connections in turn (several sessions' clients).
const targets = url.startsWith('[') ? JSON.parse(url) : [[url, token]];
// With a rate, each connection sends on a fixed schedule (open loop): latency is then service time, not queueing.
const slotMs = rate > 0 ? (connections * 1000) / rate : 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
let errors = 0;
const end = Date.now() + ms;
const one = ([target, secret]) => new Promise((resolve) => {
  const started = process.hrtime.bigint();
  const request = http.get(target, { agent, headers: { Authorization: secret } }, (response) => {
    response.resume();
    response.on('end', () => {
      if (response.statusCode === 200) latencies.push(Number(process.hrtime.bigint() - started) / 1e6); else errors++;
      resolve();
    });
  });
  request.on('error', () => { errors++; resolve(); });
});
const worker = async (index) => {
  let next = Date.now() + (slotMs * index) / connections;
  while (Date.now() < end) {
    if (slotMs > 0) { const wait = next - Date.now(); if (wait > 0) await new Promise((r) => setTimeout(r, wait)); next += slotMs; }
    await one(targets[index % targets.length]);
  }
};
const began = Date.now();
Promise.all(Array.from({ length: connections }, (_, index) => worker(index))).then(() => {
  const seconds = (Date.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] || 0;
  console.log(JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) }));
  agent.destroy();
});
`;

interface LoadRound {
  readonly requests: number;
  readonly errors: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A round as reported: with the machine's idle share when it started. */
interface MeasuredRound extends LoadRound {
  readonly idleAtStart: number;
}

/** Before each side of each round: the bench's rule for a quiet machine, waited for 15 s at most. */
const ROUND_SETTLE: SettleOptions = { ...DEFAULT_SETTLE, maxWaitMs: 15_000 };

/** Requests per second for the latency rounds: well below saturation on a 2-core machine, far above any real use. */
const P99_RATE = 500;

function load(url: string, token: string, rate = 0, ms = ROUND_MS): Promise<LoadRound> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD_GENERATOR, url, token, String(CONNECTIONS), String(ms), String(rate)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as LoadRound);
      } catch {
        reject(new Error(`load generator exited ${code}: ${err.slice(-400)}`));
      }
    });
  });
}

/** A session ending in an hour, as the window holds it. */
function liveSession(): RoleSession {
  return {
    profileName: 'bench',
    credentials: { accessKeyId: 'ASIABENCHENDPOINT001', secretAccessKey: 'bench-endpoint-not-a-secret', sessionToken: 'bench-endpoint-token', expiration: new Date(Date.now() + 3_600_000) },
    region: 'us-east-1',
    obtainedAt: Date.now(),
    stsCalls: 0,
    notices: [],
  };
}

/** The baseline: the same JSON from a bare server, no checks at all. */
async function bareServer(body: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function benchEndpointLoad(): Promise<BenchResult[]> {
  const session = liveSession();
  const source: { state: SessionState } = { state: { status: 'active', session } };
  let lines = 0;
  // The line is built as in VS Code; the output channel itself is not part of the server.
  const server = new CredentialEndpointServer(source, { time: { now: () => Date.now() }, logger: { info: () => void (lines += 1), warn: () => void (lines += 1), error: () => void (lines += 1) } });
  const address = await server.start();
  const { credentials } = session;
  const bare = await bareServer(
    JSON.stringify({ AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey, Token: credentials.sessionToken, Expiration: credentials.expiration!.toISOString() }),
  );
  const ours: MeasuredRound[] = [];
  const baseline: MeasuredRound[] = [];
  const oursPaced: MeasuredRound[] = [];
  const baselinePaced: MeasuredRound[] = [];
  try {
    // Unmeasured: both servers' code optimised before the first round (without it, ours went
    // first into round 1 cold and read 7,500-13,000 req/s against 15,000-18,000 in later rounds).
    for (const [url, token] of [[address.url, address.token], [bare.url, 'unused']]) await load(url, token, 0, WARM_UP_MS);
    for (const rate of [0, P99_RATE]) {
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate who goes first, so neither always gets the warmer machine.
        const order = round % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
        for (const side of order) {
          // Others' work comes and goes within a run (seen: one side's rounds 14,612, 2,006 and 4,907 req/s):
          // each side of each round starts on quiet CPUs too, within a shorter wait.
          const quiet = await waitUntilQuiet(ROUND_SETTLE);
          const result = side === 'ours' ? await load(address.url, address.token, rate) : await load(bare.url, 'unused', rate);
          (side === 'ours' ? (rate ? oursPaced : ours) : rate ? baselinePaced : baseline).push({ ...result, idleAtStart: quiet.idleFraction });
          log(
            `endpoint ${rate ? `${rate} req/s` : 'flat-out'} round ${round + 1}/${ROUNDS} ${side}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors` +
              ` (CPUs ${Math.round(quiet.idleFraction * 100)} % idle at its start${quiet.settled ? '' : ', the wait ran out'})`,
          );
        }
      }
    }
  } finally {
    await server.stop();
    await bare.stop();
  }
  const rps = median(ours.map((r) => r.rps));
  const baseRps = median(baseline.map((r) => r.rps));
  // Each round's two sides ran back to back, on much the same machine: their ratio, the median over rounds.
  const roundRatios = ours.map((r, index) => r.rps / baseline[index].rps);
  const p99 = median(oursPaced.map((r) => r.p99Ms));
  const baseP99 = median(baselinePaced.map((r) => r.p99Ms));
  const params = {
    connections: CONNECTIONS,
    roundMs: ROUND_MS,
    warmUpMs: WARM_UP_MS,
    rounds: ROUNDS,
    loadFrom: 'a second Node process on loopback, keep-alive connections',
    ours,
    baseline,
    errors: [...ours, ...oursPaced].reduce((sum, r) => sum + r.errors, 0),
    logLinesBuilt: lines,
  };
  return [
    {
      name: 'endpoint-rps',
      unit: 'req/s',
      ours: round(rps, 0),
      baseline: round(baseRps, 0),
      baselineName: 'bare Node http server, same JSON',
      ratio: round(median(roundRatios), 3),
      params: { ...params, ratio: 'median over rounds of ours / bare in the same round', roundRatios: roundRatios.map((ratio) => round(ratio, 3)), ratioOfMedians: round(rps / baseRps, 3), connectionCap: MAX_CONNECTIONS },
    },
    { name: 'endpoint-p99', unit: 'ms', ours: round(p99), baseline: round(baseP99), baselineName: 'bare Node http server, same JSON', ratio: round(p99 / baseP99, 3), params: { connections: CONNECTIONS, rate: P99_RATE, what: `p99 latency at a steady ${P99_RATE} req/s over ${CONNECTIONS} connections (flat out, the p99 is queueing in front of any server: ${round(median(ours.map((r) => r.p99Ms)))} ms ours, ${round(median(baseline.map((r) => r.p99Ms)))} ms bare)`, ours: oursPaced, baseline: baselinePaced, errors: oursPaced.reduce((sum, r) => sum + r.errors, 0) } },
  ];
}

/** Sessions served at once in `endpoint-p99-20-sessions`: the window's and nineteen held ones (terminals, folders, launches). */
const SESSIONS = 20;

/**
 * `endpoint-p99-20-sessions` (ms): the p99 at a steady 500 req/s over 50
 * connections shared out among twenty sessions' addresses (the window's and nineteen served
 * routes, each with its own path and token), against the same load on the window's address
 * alone, alternated 3 rounds each on quiet CPUs: what finding the right one of twenty sessions
 * costs a request.
 */
export async function benchEndpointTwentySessions(): Promise<BenchResult> {
  const window = liveSession();
  const server = new CredentialEndpointServer({ state: { status: 'active', session: window } }, { time: { now: () => Date.now() }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  const address = await server.start();
  const routes = await Promise.all(
    Array.from({ length: SESSIONS - 1 }, (_, index) => server.serve({ state: { status: 'active', session: { ...liveSession(), profileName: `held-${index + 1}` } } })),
  );
  const everyone = JSON.stringify([[address.url, address.token], ...routes.map((route) => [route.address.url, route.address.token])]);
  const one: MeasuredRound[] = [];
  const twenty: MeasuredRound[] = [];
  try {
    for (const targets of [address.url, everyone]) await load(targets, address.token, 0, WARM_UP_MS);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['twenty', 'one'] as const) : (['one', 'twenty'] as const);
      for (const side of order) {
        const quiet = await waitUntilQuiet(ROUND_SETTLE);
        const result = await load(side === 'twenty' ? everyone : address.url, address.token, P99_RATE);
        (side === 'twenty' ? twenty : one).push({ ...result, idleAtStart: quiet.idleFraction });
        log(`endpoint ${SESSIONS} sessions round ${round + 1}/${ROUNDS} ${side}: p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors`);
      }
    }
  } finally {
    routes.forEach((route) => route.dispose());
    await server.stop();
  }
  const p99 = median(twenty.map((r) => r.p99Ms));
  const baseP99 = median(one.map((r) => r.p99Ms));
  return {
    name: 'endpoint-p99-20-sessions',
    unit: 'ms',
    ours: round(p99),
    baseline: round(baseP99),
    baselineName: "the same load on the window's session alone",
    ratio: round(p99 / baseP99, 3),
    params: {
      what: `p99 latency at a steady ${P99_RATE} req/s over ${CONNECTIONS} keep-alive connections shared out among ${SESSIONS} sessions' addresses and tokens on one endpoint, beside the same load on one`,
      sessions: SESSIONS,
      connections: CONNECTIONS,
      rate: P99_RATE,
      twenty,
      one,
      errors: [...twenty, ...one].reduce((sum, r) => sum + r.errors, 0),
    },
  };
}

/** Runs in the second process: keeps `inFlight` wrong-token requests, each on a new connection, in flight for `ms`; prints how many it made. */
const WRONG_TOKEN_FLOOD = String.raw`
const http = require('http');
const [url, wrongToken, inFlight, ms] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const end = Date.now() + ms;
let sent = 0, refused = 0, other = 0;
const one = () => new Promise((resolve) => {
  sent++;
  const request = http.get(url, { agent: false, headers: { Authorization: wrongToken } }, (response) => {
    response.resume();
    response.on('end', () => { if (response.statusCode === 403) refused++; else other++; resolve(); });
  });
  request.on('error', () => { other++; resolve(); });
});
const lane = async () => { while (Date.now() < end) await one(); };
// Stopped from outside once the measurement is done: say how many it sent and how they ended.
process.on('SIGTERM', () => { console.log(JSON.stringify({ sent, refused, other })); process.exit(0); });
console.error('flooding');
Promise.all(Array.from({ length: inFlight }, lane)).then(() => console.log(JSON.stringify({ sent, refused, other })));
`;

const FLOOD_IN_FLIGHT = 1_000;
const ATTACK_SAMPLES = 200;

/** `samples` right-token requests one after another, each on a new connection as a client process makes it; ms each. */
async function rightTokenLatencies(url: string, token: string, samples: number): Promise<{ ms: number[]; failed: number }> {
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    const status = await new Promise<number>((resolve) => {
      const request = http.get(url, { agent: false, headers: { Authorization: token } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', () => resolve(0));
    });
    if (status === 200) ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    else failed++;
  }
  return { ms, failed };
}

function p99Of(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0;
}

/**
 * `endpoint-p99-under-attack` (ms): the p99 of right-token requests while a second process keeps
 * 1,000 wrong-token requests in flight, each on a new connection; beside the same measurement
 * with no flood, in the same run. Reports the flood's own counts too (every one must be a 403).
 */
export async function benchEndpointUnderAttack(): Promise<BenchResult> {
  const session = liveSession();
  const server = new CredentialEndpointServer({ state: { status: 'active', session } }, { time: { now: () => Date.now() }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  const address = await server.start();
  const wrong = address.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  try {
    const quiet = await rightTokenLatencies(address.url, address.token, ATTACK_SAMPLES);
    const child = spawn(process.execPath, ['-e', WRONG_TOKEN_FLOOD, address.url, wrong, String(FLOOD_IN_FLIGHT), '60000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // Measure only once the flood runs, then stop it.
    await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const attacked = await rightTokenLatencies(address.url, address.token, ATTACK_SAMPLES);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
    const p99 = p99Of(attacked.ms);
    const baseP99 = p99Of(quiet.ms);
    log(`endpoint-p99-under-attack: right-token p99 ${p99.toFixed(2)} ms with ${FLOOD_IN_FLIGHT} wrong-token requests in flight, ${baseP99.toFixed(2)} ms without; ${attacked.failed} right-token failures`);
    return {
      name: 'endpoint-p99-under-attack',
      unit: 'ms',
      ours: round(p99),
      baseline: round(baseP99),
      baselineName: 'the same requests with no flood',
      ratio: round(p99 / baseP99, 2),
      params: {
        what: `p99 of ${ATTACK_SAMPLES} right-token requests, one after another on new connections, while a second process keeps ${FLOOD_IN_FLIGHT} wrong-token requests in flight`,
        rightTokenFailures: attacked.failed + quiet.failed,
        p50UnderAttackMs: round(median(attacked.ms)),
        p50QuietMs: round(median(quiet.ms)),
        flood: out.trim() ? (JSON.parse(out.trim()) as { sent: number; refused: number; other: number }) : 'no count',
        // The flood keeps more in flight than the cap: the oldest without the token are closed (`other` above).
        connections: server.connections,
        connectionCap: MAX_CONNECTIONS,
      },
    };
  } finally {
    await server.stop();
  }
}

const LIFETIME_SECONDS = 8;
const RENEW_EVERY_MS = 4_000;
const RENEWALS = 3;

export async function benchRenewalGap(): Promise<BenchResult> {
  const sts = await startLocalSts({ fixture: sample.fixture, lifetimeSeconds: LIFETIME_SECONDS });
  const renewing = await startRenewingSession(sts, sample.alice.keys, RENEW_EVERY_MS);
  const server = new CredentialEndpointServer(renewing.source, { time: { now: () => Date.now() }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  const address = await server.start();
  try {
    const loopMs = RENEWALS * RENEW_EVERY_MS + RENEW_EVERY_MS / 2;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONTAINER_CREDENTIALS_FULL_URI: address.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: address.token };
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', JS_LOOP, require.resolve('@aws-sdk/client-sts'), sts.url, String(loopMs), '250'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as LoopResult;
    if (typeof result.ok !== 'number') throw new Error(`the client loop printed no result: ${output.slice(-300)}`);
    return {
      name: 'renewal-gap-failures',
      unit: 'calls',
      ours: result.failed,
      ...NO_BASELINE,
      params: {
        what: 'failed GetCallerIdentity calls of a JS SDK process (endpoint mode, default chain) looping every 250 ms while the session renews',
        renewals: renewing.renewals(),
        okCalls: result.ok,
        firstFailure: result.firstFailure,
        lifetimeSeconds: LIFETIME_SECONDS,
        renewEveryMs: RENEW_EVERY_MS,
      },
    };
  } finally {
    renewing.stop();
    await server.stop();
    await sts.stop();
  }
}
