/**
 * What each setting of the AWS config files means, where it belongs and which values it takes:
 * the text of completions and hovers. Written from the AWS CLI's and SDKs' documentation of the
 * shared config file; the closed value sets are those the SDKs accept.
 */

import { CREDENTIAL_SOURCES } from '../config/profileKinds';
import type { SectionKind } from './configLines';

/** Where the value of a setting comes from when completing it. */
export type ValueSource =
  | { readonly kind: 'closed'; readonly values: readonly string[] }
  | { readonly kind: 'profiles' }
  | { readonly kind: 'ssoSessions' }
  | { readonly kind: 'regions' };

export interface SettingDoc {
  readonly key: string;
  /** The sections it belongs in. */
  readonly sections: readonly SectionKind[];
  /** One or two sentences: what it does. */
  readonly summary: string;
  /** What a valid value looks like, when it is not a closed set. */
  readonly format?: string;
  readonly values?: ValueSource;
  /** True for keys that belong in the credentials file (and are secrets there). */
  readonly credentials?: boolean;
}

const BOOLEAN: ValueSource = { kind: 'closed', values: ['true', 'false'] };

const DOCS: readonly SettingDoc[] = [
  { key: 'role_arn', sections: ['profile'], summary: 'The IAM role this profile assumes (STS AssumeRole) with the credentials of its `source_profile` or `credential_source`.', format: '`arn:aws:iam::123456789012:role/NAME`' },
  { key: 'source_profile', sections: ['profile'], summary: 'The profile whose credentials assume `role_arn`. It may itself be a role profile: that makes a role chain, and STS caps every chained role at one hour.', values: { kind: 'profiles' } },
  { key: 'credential_source', sections: ['profile'], summary: 'Where the credentials that assume `role_arn` come from when there is no `source_profile`. Set exactly one of the two.', values: { kind: 'closed', values: CREDENTIAL_SOURCES } },
  { key: 'mfa_serial', sections: ['profile'], summary: 'The MFA device whose code assuming this role needs. A code opens an MFA session that later assumptions behind the same device reuse.', format: '`arn:aws:iam::123456789012:mfa/NAME`, or a hardware token serial number' },
  { key: 'mfa_process', sections: ['profile'], summary: 'A command that prints the current MFA code (for example from a password manager). AWS Role Sessions runs it instead of asking; the AWS CLI ignores it.', format: 'a command line' },
  { key: 'duration_seconds', sections: ['profile'], summary: "How long the role's session lasts. STS allows 900 up to the role's maximum session duration (at most 43200); a chained role is capped at 3600.", format: 'whole seconds, 900–43200' },
  { key: 'role_session_name', sections: ['profile'], summary: "The session name CloudTrail records for this role's sessions.", format: '2–64 letters, digits or `+=,.@_-`' },
  { key: 'external_id', sections: ['profile'], summary: "The external id the role's trust policy asks for (common for roles a third party assumes)." },
  { key: 'aws_access_key_id', sections: ['profile'], credentials: true, summary: 'The access key id of long-term keys (or of temporary credentials, with `aws_session_token`). Belongs in the credentials file.', format: '`AKIA…` (long-term) or `ASIA…` (temporary)' },
  { key: 'aws_secret_access_key', sections: ['profile'], credentials: true, summary: 'The secret of the access key. Belongs in the credentials file; never share it.' },
  { key: 'aws_session_token', sections: ['profile'], credentials: true, summary: 'The session token of temporary credentials.' },
  { key: 'sso_session', sections: ['profile'], summary: 'The `[sso-session NAME]` section whose IAM Identity Center sign-in this profile uses, with `sso_account_id` and `sso_role_name`.', values: { kind: 'ssoSessions' } },
  { key: 'sso_account_id', sections: ['profile'], summary: 'The AWS account IAM Identity Center signs this profile into.', format: '12 digits' },
  { key: 'sso_role_name', sections: ['profile'], summary: 'The permission set (role) IAM Identity Center signs this profile in as.' },
  { key: 'sso_start_url', sections: ['profile', 'sso-session'], summary: "The IAM Identity Center start URL (the AWS access portal's address).", format: '`https://d-1234567890.awsapps.com/start`' },
  { key: 'sso_region', sections: ['profile', 'sso-session'], summary: 'The Region IAM Identity Center runs in.', values: { kind: 'regions' } },
  { key: 'sso_registration_scopes', sections: ['sso-session'], summary: 'The OAuth scopes the SSO sign-in asks for, comma-separated.', format: '`sso:account:access`' },
  { key: 'web_identity_token_file', sections: ['profile'], summary: 'A file holding an OIDC token to assume `role_arn` with (AssumeRoleWithWebIdentity), as on EKS.', format: 'a file path' },
  { key: 'credential_process', sections: ['profile'], summary: 'A command that prints credentials as JSON (`{"Version": 1, "AccessKeyId": …}`).', format: 'a command line' },
  { key: 'login_session', sections: ['profile'], summary: 'The console sign-in session (`aws login`) this profile uses.' },
  { key: 'region', sections: ['profile'], summary: 'The Region requests go to by default.', values: { kind: 'regions' } },
  { key: 'output', sections: ['profile'], summary: "The AWS CLI's output format.", values: { kind: 'closed', values: ['json', 'yaml', 'yaml-stream', 'text', 'table'] } },
  { key: 'endpoint_url', sections: ['profile', 'services'], summary: 'An endpoint every service client uses instead of AWS (in a `[services]` block, for one service).', format: 'a URL' },
  { key: 'services', sections: ['profile'], summary: 'The `[services NAME]` section with per-service endpoints this profile uses.' },
  { key: 'ignore_configured_endpoint_urls', sections: ['profile'], summary: 'Ignore `endpoint_url` settings from this file and the environment.', values: BOOLEAN },
  { key: 'sts_regional_endpoints', sections: ['profile'], summary: "Whether STS is called at the Region's endpoint (`regional`, the default in current SDKs) or the global one.", values: { kind: 'closed', values: ['regional', 'legacy'] } },
  { key: 'retry_mode', sections: ['profile'], summary: 'How failed requests are retried.', values: { kind: 'closed', values: ['standard', 'adaptive', 'legacy'] } },
  { key: 'max_attempts', sections: ['profile'], summary: 'How many times a request is tried, the first included.', format: 'a whole number' },
  { key: 'defaults_mode', sections: ['profile'], summary: 'Which set of SDK defaults (timeouts, retries) applies.', values: { kind: 'closed', values: ['standard', 'in-region', 'cross-region', 'mobile', 'auto', 'legacy'] } },
  { key: 'use_fips_endpoint', sections: ['profile'], summary: 'Use FIPS endpoints.', values: BOOLEAN },
  { key: 'use_dualstack_endpoint', sections: ['profile'], summary: 'Use dual-stack (IPv4 and IPv6) endpoints.', values: BOOLEAN },
  { key: 'ca_bundle', sections: ['profile'], summary: 'A PEM file of certificate authorities to trust instead of the defaults.', format: 'a file path' },
  { key: 'cli_pager', sections: ['profile'], summary: "The AWS CLI's pager; empty turns it off." },
];

const BY_KEY: ReadonlyMap<string, SettingDoc> = new Map(DOCS.map((doc) => [doc.key, doc]));

/** The documentation of a key, or undefined for a key nobody documents. */
export function settingDoc(key: string): SettingDoc | undefined {
  return BY_KEY.get(key);
}

/** The keys that belong in a section of this kind, in the catalogue's order. */
export function settingsFor(section: SectionKind): readonly SettingDoc[] {
  return DOCS.filter((doc) => doc.sections.includes(section));
}

/** The markdown of a key's hover and completion documentation. */
export function describeSetting(doc: SettingDoc): string {
  const lines = [`**${doc.key}**: ${doc.summary}`];
  if (doc.values?.kind === 'closed') lines.push(`Values: ${doc.values.values.map((value) => `\`${value}\``).join(', ')}.`);
  else if (doc.values?.kind === 'regions') lines.push('Values: a Region code such as `us-east-1`.');
  else if (doc.values?.kind === 'profiles') lines.push('Values: the name of another profile.');
  else if (doc.values?.kind === 'ssoSessions') lines.push('Values: the name of an `[sso-session NAME]` section.');
  else if (doc.format) lines.push(`Format: ${doc.format}.`);
  return lines.join('\n\n');
}
