/**
 * What the status bar shows for the window's session: one pure function of (state, now,
 * settings), so every edge of the countdown is unit-tested without VS Code. The owner in
 * `src/statusBar/` only copies the result into a `StatusBarItem`.
 */

import type { SessionState } from '../lifecycle/windowSessions';
import { msLeft, secondsLeft, SECONDS_COUNTDOWN_MS } from '../lifecycle/expiryTiming';
import { credentialsKindOf, holdsLongTermKeys, keysProfileNameOf, type RoleSession, type SessionCredentialsKind } from '../vocabulary/sessionTypes';
import { offerTooltip, type WorkspaceProfileOffer } from '../lifecycle/workspaceProfile';

export interface StatusBarSettings {
  /** `awsRoles.warnBefore`: the warning colour shows with less than this many seconds left. */
  readonly warnBeforeSeconds: number;
  /** `awsRoles.statusBar.showWhenIdle`: show a muted item with no session. */
  readonly showWhenIdle: boolean;
  /** Whether a Renew command exists; its link is offered only then. */
  readonly canRenew: boolean;
  /** `awsRoles.autoRenew`, once it exists; the tooltip says nothing of auto-renew while `undefined`. */
  readonly autoRenew?: boolean;
  /** Formats a moment in the user's local time; injected so the function stays pure. */
  readonly formatLocalTime: (date: Date) => string;
  /** Command ids for the tooltip's links. */
  readonly commands: { readonly assume: string; readonly signOut: string; readonly renew?: string };
}

/** What the status bar item shows. */
export interface StatusBarView {
  readonly visible: boolean;
  readonly text: string;
  /** Markdown, with command links (the owner trusts exactly those commands). */
  readonly tooltip: string;
  /** Which of the two backgrounds VS Code allows, if any. */
  readonly background: 'warning' | 'error' | undefined;
  /** What a screen reader reads: the same facts as the text, in words. */
  readonly accessibilityLabel: string;
  /** What a click does: open the session menu, or assume a role when there is no session. */
  readonly click: 'menu' | 'assume';
  /** With `click: 'assume'`: the profile to assume without asking which (the workspace's own). */
  readonly assumeProfile?: string;
}

/** Another live session of this window (a terminal's), for the count and the list. */
export interface OtherLiveSession {
  readonly profileName: string;
  /** Where it is used: `terminal`, later `folder` or `launch`. */
  readonly usedBy: string;
  readonly session: RoleSession;
  readonly status: 'active' | 'renewing' | 'expiring' | 'expired';
}

/**
 * The window's view with the other live sessions added: `prod · 42m +2`, and each of them in the
 * tooltip with its time left. Shown even when idle, since something is live.
 */
export function withOtherSessions(view: StatusBarView, others: readonly OtherLiveSession[], now: number): StatusBarView {
  if (others.length === 0) return view;
  const lines = others.map((other) => {
    const left = msLeft(other.session.credentials.expiration, now);
    const standing = other.status === 'expired' || (left !== undefined && left <= 0) ? 'expired' : left === undefined ? 'no expiry' : `${spokenTimeLeft(left)} left`;
    return `**${escapeMarkdown(other.profileName)}** (${other.usedBy}) · ${standing}${other.status === 'renewing' ? ' · renewing' : ''}`;
  });
  return {
    ...view,
    visible: true,
    text: `${view.text} +${others.length}`,
    tooltip: `${view.tooltip}\n\n---\n\nAlso live in this window:  \n${lines.join('  \n')}`,
    accessibilityLabel: `${view.accessibilityLabel}; ${others.length} more ${others.length === 1 ? 'session' : 'sessions'} live: ${others.map((other) => `${other.profileName} (${other.usedBy})`).join(', ')}`,
  };
}

const SHIELD = '$(shield)';
const SPINNER = '$(loading~spin)';

/**
 * `offer` is the workspace's own profile (`workspaceProfile.ts`), shown in place of the muted
 * idle item, and even when `showWhenIdle` is off: the workspace asked for it.
 */
export function statusBarView(state: SessionState, now: number, settings: StatusBarSettings, offer?: WorkspaceProfileOffer): StatusBarView {
  const session = state.session;
  if (!session) {
    if (state.status === 'assuming') {
      const name = state.assumingProfileName ?? '';
      return {
        visible: true,
        text: `${SPINNER} ${name}…`,
        tooltip: `Assuming profile **${escapeMarkdown(name)}**…`,
        background: undefined,
        accessibilityLabel: `AWS role session: assuming profile ${name}`,
        click: 'menu',
      };
    }
    if (offer) {
      return {
        visible: true,
        text: `${SHIELD} ${offer.profileName}?`,
        tooltip: `${escapeMarkdown(offerTooltip(offer))}  \n[Assume Role…](command:${settings.commands.assume}) to pick another profile.`,
        background: undefined,
        accessibilityLabel: `AWS role session: none. ${offerTooltip(offer).replace(' · click', '. Activate')}.`,
        click: 'assume',
        assumeProfile: offer.profileName,
      };
    }
    return {
      visible: settings.showWhenIdle,
      text: `${SHIELD} AWS`,
      tooltip: `No AWS role session in this window. [Assume Role…](command:${settings.commands.assume})`,
      background: undefined,
      accessibilityLabel: 'AWS role session: none. Activate to assume a role.',
      click: 'assume',
    };
  }

  const left = msLeft(session.credentials.expiration, now);
  // The service's verdict is sticky (a clock set back does not revive a session); the wall clock may know first.
  const expired = state.status === 'expired' || (left !== undefined && left <= 0);
  const busy = state.status === 'assuming' || state.status === 'renewing';
  // Long-term keys never end, and are handed out only because the person allowed it: never shown as an ordinary session.
  const longTerm = holdsLongTermKeys(session);
  const countdown = expired ? 'expired' : longTerm ? 'permanent keys' : left === undefined ? undefined : shortTimeLeft(left);
  const text = `${busy ? SPINNER : SHIELD} ${session.profileName}${countdown ? ` · ${countdown}` : ''}`;
  const background = expired ? 'error' : longTerm || (left !== undefined && left < settings.warnBeforeSeconds * 1000) ? 'warning' : undefined;
  const spoken = expired ? 'expired' : longTerm ? 'permanent long-term keys' : left === undefined ? 'no expiry' : `${spokenTimeLeft(left)} left`;
  const doing = state.status === 'assuming' ? `, assuming profile ${state.assumingProfileName ?? ''}` : state.status === 'renewing' ? ', renewing' : '';
  return {
    visible: true,
    text,
    tooltip: tooltipOf(state, session, now, left, expired, settings),
    background,
    accessibilityLabel: `AWS role session ${session.profileName}, ${spoken}${background === 'warning' && !longTerm ? ', ending soon' : ''}${doing}`,
    click: 'menu',
  };
}

/** `1h 05m`, `42m`, then `9:59` … `0:01` inside the last ten minutes. */
export function shortTimeLeft(msRemaining: number): string {
  const seconds = secondsLeft(msRemaining);
  if (seconds * 1000 < SECONDS_COUNTDOWN_MS) return `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

function spokenTimeLeft(msRemaining: number): string {
  const seconds = secondsLeft(msRemaining);
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (seconds * 1000 < SECONDS_COUNTDOWN_MS) {
    const minutes = Math.floor(seconds / 60);
    return [minutes > 0 ? plural(minutes, 'minute') : '', plural(seconds % 60, 'second')].filter(Boolean).join(' ');
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  return [plural(Math.floor(minutes / 60), 'hour'), minutes % 60 > 0 ? plural(minutes % 60, 'minute') : ''].filter(Boolean).join(' ');
}

function tooltipOf(state: SessionState, session: RoleSession, now: number, left: number | undefined, expired: boolean, settings: StatusBarSettings): string {
  const lines: string[] = [];
  const kind = credentialsKindOf(session);
  const longTerm = holdsLongTermKeys(session);
  const standing = expired ? 'expired' : longTerm ? 'never ends' : left === undefined ? 'no expiry' : `${spokenTimeLeft(left)} left`;
  lines.push(`**${escapeMarkdown(sessionTitle(session, kind))}** · ${standing}`);
  const what = whatTheSessionIs(session, kind);
  if (what) lines.push(what);
  if (state.status === 'assuming') lines.push(`Assuming profile ${escapeMarkdown(state.assumingProfileName ?? '')}…`);
  if (state.status === 'renewing') lines.push('Renewing…');
  if (session.chain && session.chain.length > 0) {
    const hops = session.chain.map((hop, index) =>
      index === 0 ? `${escapeMarkdown(hop.profileName)} (${ROOT_KIND_NAMES[hop.kind] ?? hop.kind})` : escapeMarkdown(hop.profileName),
    );
    lines.push(`Chain: ${hops.join(' → ')}`);
  }
  if (session.identity?.account) lines.push(`Account: ${escapeMarkdown(session.identity.account)}`);
  const roleArn = lastRoleArn(session);
  if (roleArn) lines.push(`Role: \`${roleArn}\``);
  const sessionName = session.assumedRoleArn?.split('/')[2];
  if (sessionName) lines.push(`Session name: \`${sessionName}\``);
  const end = session.credentials.expiration;
  lines.push(end ? `${expired ? 'Expired' : 'Expires'} at ${bothTimes(end, settings)}` : longTerm ? 'Expires: never (long-term keys)' : 'Expires: not said by its source');
  if (settings.autoRenew !== undefined) lines.push(`Auto-renew: ${settings.autoRenew ? 'on' : 'off'}`);
  const mfa = mfaLine(session, now, settings);
  if (mfa) lines.push(mfa);
  const links = [
    settings.canRenew && settings.commands.renew ? `[Renew Now](command:${settings.commands.renew})` : undefined,
    `[Switch Role…](command:${settings.commands.assume})`,
    `[Sign Out](command:${settings.commands.signOut})`,
  ].filter(Boolean);
  lines.push(links.join(' · '));
  // Two spaces before a newline: a Markdown line break inside one paragraph.
  return lines.join('  \n');
}

/** "AWS role session: prod", "Session of alice's keys", "Long-term keys of alice". */
export function sessionTitle(session: RoleSession, kind: SessionCredentialsKind = credentialsKindOf(session)): string {
  const keysOf = keysProfileNameOf(session);
  if (kind === 'keys-session') return `Session of ${keysOf}'s keys`;
  if (kind === 'long-term-keys') return `Long-term keys of ${keysOf}`;
  return `AWS role session: ${session.profileName}`;
}

/**
 * For sessions that are not a role: what they are and what STS does not let them do, where a
 * person meets it. Undefined for a role.
 */
function whatTheSessionIs(session: RoleSession, kind: SessionCredentialsKind): string | undefined {
  if (kind === 'keys-session') {
    const mfa = session.mfaSerial !== undefined;
    return (
      `From GetSessionToken${mfa ? ' with MFA' : ''}: the keys themselves stay in your AWS files. STS does not let it call ${mfa ? '' : "IAM's API (it has no MFA), nor "}` +
      'GetSessionToken or GetFederationToken, so no console sign-in: assume a role profile for those.'
    );
  }
  if (kind === 'long-term-keys') {
    return 'Permanent keys, handed out as they are because `awsRoles.allowLongTermKeys` names this profile: not kept across a reload, and in terminals only where nothing is written to disk.';
  }
  return undefined;
}

/** Whether the next renewal needs an MFA code, and when the MFA session behind the session ends. */
function mfaLine(session: RoleSession, now: number, settings: StatusBarSettings): string | undefined {
  if (!session.mfaSerial) return undefined;
  if (credentialsKindOf(session) === 'keys-session') return 'Next renewal needs an MFA code: this session is the MFA session of the keys.';
  const mfaEnd = session.mfaSessionExpiration;
  if (!mfaEnd || mfaEnd.getTime() <= now) {
    return `Next renewal needs an MFA code${mfaEnd ? ` (the MFA session ended at ${bothTimes(mfaEnd, settings)})` : ''}.`;
  }
  const roleEnd = session.credentials.expiration;
  if (roleEnd && mfaEnd.getTime() < roleEnd.getTime()) {
    return `The MFA session ends at ${bothTimes(mfaEnd, settings)}, before this session: renewing after that needs an MFA code.`;
  }
  return `Next renewal needs no MFA code: the MFA session lasts until ${bothTimes(mfaEnd, settings)}.`;
}

function lastRoleArn(session: RoleSession): string | undefined {
  const hops = session.chain ?? [];
  for (let i = hops.length - 1; i >= 0; i--) if (hops[i].roleArn) return hops[i].roleArn;
  return undefined;
}

/** `14:05 (13:05 UTC)`: local time for the person, UTC to compare with CloudTrail and colleagues. */
function bothTimes(date: Date, settings: StatusBarSettings): string {
  return `${settings.formatLocalTime(date)} (${date.toISOString().slice(11, 16)} UTC)`;
}

const ROOT_KIND_NAMES: Readonly<Record<string, string>> = {
  staticKeys: 'static keys',
  sso: 'SSO',
  login: 'console login',
  process: 'credential_process',
  webIdentity: 'web identity',
  credentialSource: 'credential_source',
};

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Profile names come from the user's config: keep their characters from turning into Markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
