/**
 * Auto-renew (issue 8 §3): renews the window's session once it is inside the renew window,
 * silently when no person is needed, and never with a prompt. It only listens to the session
 * service (its ticks and session changes) and calls `renew()`, which every caller shares.
 *
 * - Silent when renewal needs no MFA code: see `renewalNeeds`. One log line, nothing else.
 * - When a code is needed: one notification per session ("Session for prod ends in 9 min",
 *   with Renew…), never a prompt; ignoring it is fine.
 * - On failure: the service keeps the current credentials until they end; the failure is shown
 *   once per session; retries follow a backoff on the scheduler, and at once when the window
 *   regains focus (`windowFocused()`).
 * - At expiry it stops by itself (the service stops ticking, and pending retries are dropped);
 *   a new assume, renewal or restore starts it afresh. A session restored after a reload is
 *   looked at once, off the start-up path, so an expired one with a live MFA session comes back.
 */

import { Emitter, type Disposable, type Event } from '../vocabulary/events';
import { holdsLongTermKeys } from '../config/profileKinds';
import type { ProfileModel } from '../config/types';
import type { SessionChange, SessionState } from './windowSessions';
import { msLeft } from './expiryTiming';
import { DisposableStore } from '../vocabulary/disposableStore';
import { assumableHops, planRoleHops, type PlannedHop } from '../assume/hopPlan';
import { MFA_SESSION_EXPIRY_MARGIN_MS } from '../assume/mfaSessionBroker';
import type { ScheduledTimer, SessionLogger, TimeSource } from '../vocabulary/ports';
import { credentialsKindOf, SessionError, type RoleSession } from '../vocabulary/sessionTypes';

/** What auto-renew needs of the session service (`ActiveSessionService` fits). */
export interface RenewableSessions {
  readonly state: SessionState;
  readonly onDidChangeSession: Event<SessionChange>;
  readonly onDidCheckClock: Event<number>;
  /** Auto-renew always passes `interactive: false`: it must never prompt. */
  renew(options: { readonly interactive: false }): Promise<RoleSession>;
}

/** Something auto-renew wants the person to know, worded here so it is unit-tested. */
export type RenewalNotice =
  /** Renewal needs an MFA code: offer Renew… (which may prompt); never prompt from here. */
  | { readonly kind: 'code-needed'; readonly profileName: string; readonly message: string }
  /** A renewal failed; the current credentials are kept until they end. */
  | { readonly kind: 'failed'; readonly profileName: string; readonly message: string; readonly error: SessionError }
  /** STS denied the kept MFA session: the session was revoked and has ended. Offer to assume again (a fresh code). */
  | { readonly kind: 'revoked'; readonly profileName: string; readonly message: string };

/** Shows auto-renew's notices (VS Code notifications in the extension, a list in tests). */
export interface RenewalNotices {
  show(notice: RenewalNotice): void;
}

export interface AutoRenewOptions {
  readonly time: TimeSource;
  /** `awsRoles.autoRenew`, read at each look. */
  readonly enabled: () => boolean;
  /** `awsRoles.renewBefore`: seconds before the end at which to renew, read at each look. */
  readonly renewBeforeSeconds: () => number;
  /** The profile model, to tell whether renewal needs a code (`mfa_process`, the hop plan). */
  readonly model: () => Promise<ProfileModel>;
  readonly notices: RenewalNotices;
  readonly logger: SessionLogger;
}

/** Waits between retries after failures: 30 s, 1 min, 2 min, 4 min, then every 5 min. */
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 60_000, 120_000, 240_000, 300_000];

export function retryDelayMs(failures: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(failures, 1), RETRY_DELAYS_MS.length) - 1];
}

/**
 * How long before its end a session is renewed: `renewBefore`, but at most half of the
 * session's life, so that credentials shorter than the window (a 15-minute role, a short
 * `credential_process` root) are not renewed again the moment they arrive.
 */
export function renewWindowMs(session: RoleSession, renewBeforeSeconds: number): number | undefined {
  const end = session.credentials.expiration?.getTime();
  if (end === undefined) return undefined;
  return Math.min(renewBeforeSeconds * 1000, Math.max(0, (end - session.obtainedAt) / 2));
}

/** What renewing a session takes from a person. */
export type RenewalNeed =
  | { readonly code: false }
  /** `hopProfileName`'s `mfa_serial` needs a typed code. */
  | { readonly code: true; readonly hopProfileName: string; readonly mfaSerial: string };

/**
 * Whether renewing `session` at `now` needs a person to type an MFA code. No code is needed
 * when no hop asks for MFA, when the hop that rides the MFA session finds it still live at `now`
 * (with the broker's margin), or when `mfa_process` gives the code. SSO, web identity,
 * `credential_process` and other roots need no person (an ended SSO token makes the renewal
 * fail, and the failure offers `aws sso login`).
 *
 * The hops are planned exactly as the engine plans them (`planRoleHops`), so the two can never
 * disagree on which hop rides the MFA session. A profile that cannot be assumed any more needs no
 * code: the renewal fails with its clear config error. The engine enforces the same promise on
 * its own: an auto-renewal that finds a code needed after all ends with `mfa-code-needed`.
 */
export function renewalNeeds(session: RoleSession, model: ProfileModel, now: number): RenewalNeed {
  const profile = model.byName.get(session.profileName);
  if (!profile) return { code: false };
  let plan: readonly PlannedHop[];
  try {
    const hops = assumableHops(profile);
    const [root] = hops;
    const rootHasSessionToken = !holdsLongTermKeys(root.kind, model.byName.get(root.profileName)?.settings);
    // Region and user name do not change how a hop proves MFA.
    plan = planRoleHops({ profile, model, hops, env: {}, userName: '', rootHasSessionToken });
  } catch {
    return { code: false };
  }
  // A session of long-term keys behind MFA is that MFA session: renewing it is a new one, a new code.
  if (plan.length === 0 && credentialsKindOf(session) === 'keys-session' && session.mfaSerial !== undefined && !profile.settings.get('mfa_process')?.value) {
    return { code: true, hopProfileName: profile.name, mfaSerial: session.mfaSerial };
  }
  const mfaSessionLive = session.mfaSessionExpiration !== undefined && session.mfaSessionExpiration.getTime() - MFA_SESSION_EXPIRY_MARGIN_MS > now;
  for (const hop of plan) {
    if (hop.mfa === 'none' || (hop.mfa === 'mfa-session' && mfaSessionLive)) continue;
    if (model.byName.get(hop.profileName)?.settings.get('mfa_process')?.value || profile.settings.get('mfa_process')?.value) continue;
    return { code: true, hopProfileName: hop.profileName, mfaSerial: hop.mfaSerial };
  }
  return { code: false };
}

/** What started a look: a tick of the service, a restore, a retry timer, or the window's focus. */
type Trigger = 'tick' | 'restored' | 'retry' | 'focus';

export class AutoRenew implements Disposable {
  /** What auto-renew releases when it goes: its listeners, its emitter, and whichever timers are pending. */
  private readonly owned = new DisposableStore();
  private readonly renewedEmitter = this.owned.add(new Emitter<RoleSession>());
  /** Fires after each renewal auto-renew made, with the new session. */
  readonly onDidRenew: Event<RoleSession> = this.renewedEmitter.event;
  /** True while a look or a renewal of ours is under way: ticks in the meantime do nothing. */
  private busy = false;
  /** Failed renewals of the current session in a row, for the backoff. */
  private failures = 0;
  private retryTimer: ScheduledTimer | undefined;
  private startTimer: ScheduledTimer | undefined;
  /** The session whose code-needed notice was shown, and the one whose failure was. Once each. */
  private codeNoticeShownFor: RoleSession | undefined;
  private failureShownFor: RoleSession | undefined;

  constructor(
    private readonly sessions: RenewableSessions,
    private readonly options: AutoRenewOptions,
  ) {
    // The timers are replaced as sessions come and go: the store releases whichever is pending.
    this.owned.add({
      dispose: () => {
        this.retryTimer?.dispose();
        this.startTimer?.dispose();
      },
    });
    this.owned.add(sessions.onDidCheckClock(() => void this.look('tick')));
    this.owned.add(sessions.onDidChangeSession((change) => this.sessionChanged(change)));
  }

  /** The window regained focus: retry a failed renewal at once, and renew a session that ended while away. */
  windowFocused(): void {
    this.retryTimer?.dispose();
    this.retryTimer = undefined;
    void this.look('focus');
  }

  dispose(): void {
    this.owned.dispose();
  }

  private sessionChanged(change: SessionChange): void {
    if (change.reason === 'expired') {
      // Stop at the end: no more timers for this session; focus or a new session starts again.
      this.retryTimer?.dispose();
      this.retryTimer = undefined;
      return;
    }
    // A new session (assumed, switched, renewed, restored) or none: start afresh.
    this.retryTimer?.dispose();
    this.retryTimer = undefined;
    this.failures = 0;
    if (change.reason === 'restored') {
      // Off the start-up path: the first look runs from the scheduler, after activation returned.
      this.startTimer?.dispose();
      this.startTimer = this.options.time.schedule(0, () => {
        this.startTimer = undefined;
        void this.look('restored');
      });
    }
  }

  private async look(trigger: Trigger): Promise<void> {
    if (this.owned.isDisposed || this.busy || !this.options.enabled()) return;
    // A tick while a retry waits for its turn: the backoff decides when.
    if (trigger === 'tick' && this.retryTimer) return;
    const { status, session } = this.sessions.state;
    if (!session || (status !== 'active' && status !== 'expiring' && status !== 'expired')) return;
    // At the end auto-renew stops by itself; only a restore or the person's return look again.
    if (status === 'expired' && (trigger === 'tick' || trigger === 'retry')) return;
    const now = this.options.time.now();
    const left = msLeft(session.credentials.expiration, now);
    const window = renewWindowMs(session, this.options.renewBeforeSeconds());
    if (left === undefined || window === undefined || (left > window && status !== 'expired')) return;

    this.busy = true;
    try {
      const need = renewalNeeds(session, await this.options.model(), this.options.time.now());
      // Something else happened while the model was read: look again at the next trigger.
      if (this.sessions.state.session !== session || !this.options.enabled()) return;
      if (need.code) {
        this.offerRenewal(session, need);
        return;
      }
      await this.renewSilently(session);
    } catch (error) {
      this.options.logger.warn(`auto-renew of profile ${session.profileName} could not start: ${error instanceof Error ? error.name : typeof error}`);
    } finally {
      this.busy = false;
    }
  }

  private offerRenewal(session: RoleSession, need: Extract<RenewalNeed, { code: true }>): void {
    const left = msLeft(session.credentials.expiration, this.options.time.now());
    // An ended session says so in the status bar, with Renew offered there.
    if (this.codeNoticeShownFor === session || left === undefined || left <= 0) return;
    this.codeNoticeShownFor = session;
    this.options.logger.info(`auto-renew of profile ${session.profileName}: renewal needs an MFA code for ${need.mfaSerial} (profile ${need.hopProfileName}); offered, not prompted`);
    this.options.notices.show({
      kind: 'code-needed',
      profileName: session.profileName,
      message: `Session for ${session.profileName} ends in ${minutesLeft(left)} min. Renewing it needs an MFA code.`,
    });
  }

  private async renewSilently(session: RoleSession): Promise<void> {
    const started = this.options.time.now();
    let renewed: RoleSession;
    try {
      // Never a prompt from here: the engine refuses with `mfa-code-needed` if a code turns out to be needed.
      renewed = await this.sessions.renew({ interactive: false });
    } catch (error) {
      this.renewalFailed(session, error);
      return;
    }
    const hops = renewed.chain ? Math.max(renewed.chain.length - 1, 1) : 1;
    this.options.logger.info(
      `auto-renewed profile ${renewed.profileName} at ${new Date(started).toISOString()}: ${hops} hop${hops === 1 ? '' : 's'}, ${renewed.stsCalls} STS call${renewed.stsCalls === 1 ? '' : 's'}, ${this.options.time.now() - started} ms, expires ${renewed.credentials.expiration?.toISOString() ?? 'never'}`,
    );
    this.renewedEmitter.fire(renewed);
  }

  private renewalFailed(session: RoleSession, error: unknown): void {
    const profileName = session.profileName;
    if (error instanceof SessionError && (error.kind === 'superseded' || error.kind === 'cancelled')) {
      // A newer assume or a sign-out won: nothing to retry, nothing to tell.
      this.options.logger.info(`auto-renew of profile ${profileName} stopped: ${error.message}`);
      return;
    }
    if (error instanceof SessionError && error.kind === 'revoked') {
      // The service has ended the session; no retry can help, only a fresh assume.
      this.options.logger.warn(`auto-renew of profile ${profileName} stopped: the session was revoked`);
      this.options.notices.show({ kind: 'revoked', profileName, message: error.message });
      return;
    }
    // A newer session came meanwhile: its own renewals are its own business.
    if (this.sessions.state.session !== session) return;
    if (error instanceof SessionError && error.kind === 'mfa-code-needed') {
      // `renewalNeeds` thought no code was needed (the MFA session was deleted or refused meanwhile):
      // offer Renew… as for any renewal that needs a code, once; no retry would get further.
      this.offerRenewal(session, { code: true, hopProfileName: error.hopProfileName ?? profileName, mfaSerial: session.mfaSerial ?? 'its MFA device' });
      return;
    }
    this.failures += 1;
    const failure = error instanceof SessionError ? error : new SessionError('unknown', `Renewing profile "${profileName}" failed unexpectedly.`, profileName);
    const expired = this.sessions.state.status === 'expired';
    const delay = retryDelayMs(this.failures);
    this.options.logger.warn(
      `auto-renew of profile ${profileName} failed (${failure.kind}): ${failure.message}${expired ? ' The session has ended; auto-renew tries again when the window regains focus.' : ` Retrying in ${delay / 1000} s.`}`,
    );
    if (!expired) {
      this.retryTimer?.dispose();
      this.retryTimer = this.options.time.schedule(delay, () => {
        this.retryTimer = undefined;
        void this.look('retry');
      });
    }
    if (this.failureShownFor === session) return;
    this.failureShownFor = session;
    const kept = expired ? '' : ' The current credentials are kept until they end; auto-renew keeps trying.';
    this.options.notices.show({ kind: 'failed', profileName, message: `Auto-renew of ${profileName} failed: ${failure.message}${kept}`, error: failure });
  }
}

/** Whole minutes, rounded up: "ends in 9 min" with 8 min 5 s left, never "0 min". */
function minutesLeft(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
