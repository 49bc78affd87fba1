/**
 * The session engine on the real `@aws-sdk/client-sts` (the extension's own STS port) against a
 * local STS that is slow, or whose clock disagrees with this computer's.
 *
 * Slow: an STS that accepts the request and never answers ends the assume with a clear error
 * within the port's timeouts (shortened here; the extension's are 10 s a try, 4 tries).
 *
 * Clock: the SDK corrects its signing time from
 * STS's Date header, so the calls succeed; what the engine does with what comes back is the
 * question: 10 minutes apart, a live session whose countdown is honest to this computer's
 * clock; two hours apart, credentials that ended before they arrived, refused with a message
 * that says to fix the clock, never handed out.
 */
import * as assert from 'node:assert/strict';
import { SessionEngine } from '../../src/core/assume/sessionEngine';
import { SessionError } from '../../src/core/vocabulary/sessionTypes';
import { createStsPort } from '../../src/platform/awsSdk';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { FakeSessionLogger } from '../support/fakes/fakeSessionLogger';
import { modelOf } from '../unit/assume/modelHelpers';
import { TestClock } from './support/clock';
import { sample } from './support/fixture';
import { engineAgainst } from './support/engine';

const { roles, partnerExternalId } = sample;
const CONFIG = ['[profile partner]', `role_arn = ${roles.partner}`, 'source_profile = alice', `external_id = ${partnerExternalId}`, 'region = us-east-1', ''].join('\n');
const MINUTE = 60_000;

describe('the engine on the real SDK, against a slow STS or one whose clock is off', function () {
  // Each assume is one or two real HTTP calls on loopback (a skewed first attempt is retried).
  this.timeout(30_000);

  const stsClock = new TestClock();
  let sts: LocalSts;
  let logger: FakeSessionLogger;
  let engine: SessionEngine;
  const model = modelOf(CONFIG, sample.aliceCredentials);

  before(async () => {
    sts = await startLocalSts({ fixture: sample.fixture, now: stsClock.now });
  });
  after(() => sts.stop());
  beforeEach(() => {
    stsClock.reset();
    sts.faults.clear();
    logger = new FakeSessionLogger();
    engine = engineAgainst(sts.url, {
      // One second a try (the extension allows ten), four tries as in the extension.
      sts: createStsPort({ requestTimeoutMs: 1_000 }),
      logger,
    });
  });

  it('an STS that never answers: the assume ends, saying STS did not answer in time, after four tries of a second each', async () => {
    sts.faults.delay(60_000);
    const started = Date.now();
    let caught: unknown;
    try {
      await engine.assume('partner', model);
    } catch (error) {
      caught = error;
    }
    const tookMs = Date.now() - started;
    assert.ok(caught instanceof SessionError, `expected a SessionError, got ${String(caught)}`);
    assert.equal(caught.kind, 'unreachable');
    assert.equal(caught.message, `Profile "partner": STS at ${sts.url} did not answer in time (TimeoutError), even after retrying. Check the network connection, the proxy settings and endpoint_url (or AWS_ENDPOINT_URL), then try again.`);
    // Four one-second tries (the call log records a call only when it is answered) plus the
    // SDK's backoff between them: at least four seconds, far below the minute STS would wait.
    assert.ok(tookMs >= 4_000 && tookMs < 30_000, `took ${tookMs} ms`);
  });

  it('10 minutes behind: the SDK corrects its signing time, and the session ends 50 minutes from now by this clock', async () => {
    stsClock.advance(-10 * MINUTE);
    const mark = sts.calls.list().length;
    const session = await engine.assume('partner', model);
    // The first attempt was signed by this clock, too far ahead for STS; the retry used STS's time.
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => [call.action, call.status]), [['AssumeRole', 403], ['AssumeRole', 200]]);
    const left = (session.credentials.expiration?.getTime() ?? 0) - Date.now();
    assert.ok(left > 49 * MINUTE && left <= 50 * MINUTE, `${Math.round(left / 1000)} s left`);
  });

  it('two hours behind: credentials that ended before they arrived are refused, saying to fix the clock', async () => {
    stsClock.advance(-120 * MINUTE);
    const mark = sts.calls.list().length;
    let caught: unknown;
    try {
      await engine.assume('partner', model);
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof SessionError, `expected a SessionError, got ${String(caught)}`);
    assert.equal(caught.kind, 'clock-skew');
    assert.match(
      caught.message,
      /^Profile "partner": STS issued credentials that end at \S+Z, already past by this computer's clock \(\S+Z\)\. This computer's clock is wrong: turn on automatic time, then try again\.$/,
    );
    assert.equal(sts.calls.list().slice(mark).at(-1)?.status, 200, 'STS answered: it was the arrival check that refused them');
    assert.doesNotMatch(logger.text(), /session ready/);
  });
});
