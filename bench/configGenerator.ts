/**
 * A deterministic (seeded) generator of large, realistic AWS config + credentials pairs for
 * the benchmarks. Same seed and size, same bytes: results stay comparable between runs.
 *
 * The mix, per 10,000 profiles (proportions scale with `profiles`):
 * - static keys in the credentials file (~16%), a third of them also with a
 *   `[profile X]` in the config file (region/output), a few with a session token;
 * - SSO profiles (~12%) using `sso_session` and ~60 shared `[sso-session X]` sections,
 *   plus a few legacy four-key SSO profiles;
 * - `credential_process` profiles (~5%) and web-identity profiles (~1%);
 * - roles over `credential_source` (~7%);
 * - roles over `source_profile` (the rest, ~59%) in chains of 2 to 5 hops: every level of
 *   hops has sources one level below, so the longest chains really have 5 hops;
 *   `mfa_serial` on ~1 in 4 roles (most on the first role above a key), some
 *   `duration_seconds`, `role_session_name`, `external_id`, `region`, `output`;
 * - a handful of mistakes real files have: a source_profile that names no profile, and
 *   two small source_profile cycles;
 * - `#` / `;` comment blocks, inline comments, blank lines, a `[default]`, a few
 *   `[services X]` sections; sections are written in shuffled order, as people's files are.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a tiny, fast, seedable PRNG (deterministic across Node versions). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedConfig {
  readonly configText: string;
  readonly credentialsText: string;
  /** Profiles as the SDK counts them (config and credentials merged by name). */
  readonly profileCount: number;
  /** Role profiles with the most hops first (ties by name). */
  readonly rolesByChainLength: readonly { name: string; hops: number }[];
  /** How many profiles of each generated kind. */
  readonly mix: Record<string, number>;
}

export interface GeneratedFiles extends GeneratedConfig {
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly bytes: number;
}

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-north-1', 'ap-southeast-2', 'ap-northeast-1', 'ca-central-1', 'sa-east-1'];
const TEAMS = ['payments', 'search', 'platform', 'identity', 'data', 'ml', 'billing', 'checkout', 'infra', 'security', 'mobile', 'web', 'growth', 'ads', 'ledger', 'risk', 'support', 'logistics', 'catalog', 'media'];
const ENVS = ['dev', 'test', 'staging', 'prod', 'sandbox', 'qa', 'perf', 'dr'];
const ROLES = ['Admin', 'ReadOnly', 'Developer', 'Deployer', 'PowerUser', 'Auditor', 'BreakGlass', 'Operator', 'SupportEngineer', 'DataScientist'];
const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Section {
  /** Header text inside the brackets. */
  readonly header: string;
  readonly lines: string[];
  /** Optional comment block written above the header. */
  comment?: string;
}

/** Generates the pair in memory. */
export function generateConfig(profiles: number, seed: number): GeneratedConfig {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => random() < p;
  const chars = (alphabet: string, n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  const account = () => String(100000000000 + int(899999999999));
  const accounts = Array.from({ length: 400 }, account);
  const mix: Record<string, number> = {};
  const count = (kind: string) => (mix[kind] = (mix[kind] ?? 0) + 1);

  const config: Section[] = [];
  const credentials: Section[] = [];
  /** hops of each profile when used as a chain's start (1 for roots). */
  const hopsOf = new Map<string, number>();
  const byHops: string[][] = [[], [], [], [], [], []];
  const roles: { name: string; hops: number }[] = [];
  const taken = new Set<string>();
  let serial = 0;
  const newName = (suffix: string) => {
    for (;;) {
      const name = `${pick(TEAMS)}-${String(serial++).padStart(5, '0')}-${pick(ENVS)}${suffix}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
  const register = (name: string, hops: number) => {
    hopsOf.set(name, hops);
    byHops[hops].push(name);
  };
  const commonTail = (lines: string[]) => {
    if (chance(0.45)) lines.push(`region = ${pick(REGIONS)}`);
    if (chance(0.15)) lines.push(`output = ${pick(['json', 'text', 'table', 'yaml'])}`);
  };

  // SSO sessions first: the profiles below refer to them.
  const ssoSessions: string[] = [];
  const sessionCount = Math.max(3, Math.round(profiles / 165));
  for (let i = 0; i < sessionCount; i++) {
    const name = `${pick(TEAMS)}-sso-${i}`;
    ssoSessions.push(name);
    config.push({
      header: `sso-session ${name}`,
      lines: [
        `sso_start_url = https://d-${chars('0123456789abcdef', 10)}.awsapps.com/start`,
        `sso_region = ${pick(REGIONS)}`,
        'sso_registration_scopes = sso:account:access',
      ],
      comment: chance(0.5) ? `# IAM Identity Center for ${pick(TEAMS)}` : undefined,
    });
  }

  const n = (share: number) => Math.max(1, Math.round(profiles * share));
  const staticCount = n(0.16);
  const ssoCount = n(0.12);
  const processCount = n(0.05);
  const webIdentityCount = n(0.01);
  const credentialSourceCount = n(0.07);
  const brokenCount = Math.max(2, Math.round(profiles / 1000)); // missing sources
  const cycleProfiles = profiles >= 50 ? 5 : 0; // a 2-cycle and a 3-cycle
  const hasDefault = 1;
  const chainedCount = profiles - staticCount - ssoCount - processCount - webIdentityCount - credentialSourceCount - brokenCount - cycleProfiles - hasDefault;
  if (chainedCount < 4) throw new Error(`${profiles} profiles are too few for the generator's mix`);

  // [default]: static keys in credentials, region in config.
  credentials.push({ header: 'default', lines: [`aws_access_key_id = AKIA${chars(ALPHANUM, 16)}`, `aws_secret_access_key = ${chars(SECRET_CHARS, 40)}`] });
  config.push({ header: 'default', lines: [`region = ${pick(REGIONS)}`, 'output = json'], comment: '# Default profile: used when AWS_PROFILE is not set' });
  register('default', 1);
  count('staticKeys');

  for (let i = 0; i < staticCount; i++) {
    const name = newName(chance(0.5) ? '-user' : '-keys');
    const lines = [`aws_access_key_id = AKIA${chars(ALPHANUM, 16)}`, `aws_secret_access_key = ${chars(SECRET_CHARS, 40)}`];
    if (chance(0.04)) lines.push(`aws_session_token = ${chars(SECRET_CHARS, 120)}`);
    credentials.push({ header: name, lines, comment: chance(0.1) ? `# ${pick(TEAMS)} IAM user, rotated ${2020 + int(6)}-${1 + int(12)}` : undefined });
    if (chance(0.33)) {
      const configLines: string[] = [];
      commonTail(configLines);
      if (configLines.length === 0) configLines.push(`region = ${pick(REGIONS)}`);
      config.push({ header: `profile ${name}`, lines: configLines });
    }
    register(name, 1);
    count('staticKeys');
  }

  for (let i = 0; i < ssoCount; i++) {
    const name = newName('-sso');
    const lines = chance(0.05)
      ? [
          `sso_start_url = https://d-${chars('0123456789abcdef', 10)}.awsapps.com/start`,
          `sso_region = ${pick(REGIONS)}`,
          `sso_account_id = ${pick(accounts)}`,
          `sso_role_name = ${pick(ROLES)}`,
        ]
      : [`sso_session = ${pick(ssoSessions)}`, `sso_account_id = ${pick(accounts)}`, `sso_role_name = ${pick(ROLES)}`];
    commonTail(lines);
    config.push({ header: `profile ${name}`, lines });
    register(name, 1);
    count('sso');
  }

  for (let i = 0; i < processCount; i++) {
    const name = newName('-proc');
    const lines = [
      `credential_process = ${pick(['/usr/local/bin/aws-vault export --format=json', '/opt/corp/bin/get-creds --profile', 'gimme-aws-creds --output json --role'])} ${name}`,
    ];
    commonTail(lines);
    config.push({ header: `profile ${name}`, lines });
    register(name, 1);
    count('process');
  }

  for (let i = 0; i < webIdentityCount; i++) {
    const name = newName('-oidc');
    const lines = [
      `role_arn = arn:aws:iam::${pick(accounts)}:role/${pick(ROLES)}`,
      `web_identity_token_file = /var/run/secrets/eks.amazonaws.com/serviceaccount/${name}`,
      `role_session_name = ${name.slice(0, 60)}`,
    ];
    config.push({ header: `profile ${name}`, lines });
    register(name, 1);
    count('webIdentity');
  }

  for (let i = 0; i < credentialSourceCount; i++) {
    const name = newName('-ec2');
    const lines = [
      `role_arn = arn:aws:iam::${pick(accounts)}:role/${pick(ROLES)}`,
      `credential_source = ${pick(['Ec2InstanceMetadata', 'Ec2InstanceMetadata', 'EcsContainer', 'Environment'])}`,
    ];
    if (chance(0.2)) lines.push('duration_seconds = 3600');
    commonTail(lines);
    config.push({ header: `profile ${name}`, lines });
    register(name, 2); // the role hop plus the credential-source root
    count('credentialSource');
    roles.push({ name, hops: 2 });
  }

  // Roles over source_profile: levels of 2, 3, 4 and 5 hops, each built on the level below.
  // 44% / 26% / 16% / 14% of the chained roles (the last level is 14% so there are always
  // plenty of 5-hop chains to expand).
  const shares = [0.44, 0.26, 0.16];
  const perLevel = [...shares.map((share) => Math.round(chainedCount * share))];
  perLevel.push(chainedCount - perLevel.reduce((a, b) => a + b, 0));
  const staticRoots = byHops[1].filter((name) => name.endsWith('-user') || name.endsWith('-keys') || name === 'default');
  for (let level = 0; level < perLevel.length; level++) {
    const hops = level + 2;
    for (let i = 0; i < perLevel[level]; i++) {
      const name = newName(`-${pick(ROLES).toLowerCase()}`);
      let source: string;
      if (hops === 2) {
        // Mostly keys, then SSO and the other roots.
        source = chance(0.75) ? pick(staticRoots) : pick(byHops[1]);
      } else {
        // One level below; for 3 hops that includes the roles over a credential_source.
        source = pick(byHops[hops - 1]);
      }
      const lines = [`role_arn = arn:aws:iam::${pick(accounts)}:role/${chance(0.1) ? 'teams/' : ''}${pick(ROLES)}`, `source_profile = ${source}`];
      // MFA mostly on the first role above long-term keys.
      if ((hops === 2 && staticRoots.includes(source) && chance(0.5)) || chance(0.08)) {
        lines.push(`mfa_serial = arn:aws:iam::${pick(accounts)}:mfa/${pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'])}`);
      }
      if (chance(0.12)) lines.push(`duration_seconds = ${pick(['900', '3600', '3600', '7200', '43200'])}`);
      if (chance(0.1)) lines.push(`role_session_name = ${pick(['alice', 'bob', 'carol'])}@example.com`);
      if (chance(0.05)) lines.push(`external_id = ${chars(ALPHANUM, 12)}`);
      if (chance(0.04)) lines.push(`region = ${pick(REGIONS)} # set by the bootstrap script`);
      else commonTail(lines);
      config.push({
        header: `profile ${name}`,
        lines,
        comment: chance(0.06) ? `# ${pick(TEAMS)} ${pick(ENVS)}: ask #cloud-access before changing\n; owner: ${pick(['alice', 'bob', 'carol'])}` : undefined,
      });
      register(name, hops);
      roles.push({ name, hops });
      count(`role${hops}`);
    }
  }

  // Mistakes: missing sources and two cycles.
  for (let i = 0; i < brokenCount; i++) {
    const name = newName('-stale');
    config.push({ header: `profile ${name}`, lines: [`role_arn = arn:aws:iam::${pick(accounts)}:role/Legacy`, `source_profile = ${name}-deleted-source`] });
    count('brokenSource');
  }
  if (cycleProfiles > 0) {
    const a = newName('-loop');
    const b = newName('-loop');
    const c = newName('-loop');
    const d = newName('-loop');
    const e = newName('-loop');
    for (const [from, to] of [[a, b], [b, a], [c, d], [d, e], [e, c]]) {
      config.push({ header: `profile ${from}`, lines: [`role_arn = arn:aws:iam::${pick(accounts)}:role/Loop`, `source_profile = ${to}`] });
      count('cycle');
    }
  }

  for (let i = 0; i < 4; i++) {
    config.push({ header: `services svc-${i}`, lines: ['s3 =', `  endpoint_url = https://s3.${pick(REGIONS)}.example.com`, 'dynamodb =', '  endpoint_url = http://localhost:8000'] });
  }

  const shuffled = (sections: Section[]) => {
    const copy = [...sections];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  const render = (sections: Section[], title: string) => {
    const out: string[] = [`# ${title}`, '# Generated for the AWS Role Sessions benchmarks; not real credentials.', ''];
    for (const section of shuffled(sections)) {
      if (section.comment) out.push(section.comment);
      out.push(`[${section.header}]`, ...section.lines);
      out.push('');
      if (chance(0.08)) out.push('');
    }
    return out.join('\n');
  };

  const profileCount = new Set([
    ...config.filter((s) => s.header === 'default' || s.header.startsWith('profile ')).map((s) => s.header.replace(/^profile /, '')),
    ...credentials.map((s) => s.header),
  ]).size;
  roles.sort((x, y) => y.hops - x.hops || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return {
    configText: render(config, 'AWS config'),
    credentialsText: render(credentials, 'AWS credentials'),
    profileCount,
    rolesByChainLength: roles,
    mix,
  };
}

/** Generates the pair into `dir` as `config` and `credentials`. */
export function writeGeneratedConfig(dir: string, profiles: number, seed: number): GeneratedFiles {
  const generated = generateConfig(profiles, seed);
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(configFile, generated.configText);
  fs.writeFileSync(credentialsFile, generated.credentialsText);
  return {
    ...generated,
    configFile,
    credentialsFile,
    bytes: Buffer.byteLength(generated.configText) + Buffer.byteLength(generated.credentialsText),
  };
}

/**
 * `profiles` roles in one `source_profile` cycle (h0 → h1 → … → h(n-1) → h0), with an empty
 * credentials file: the config that made the tree's first row take seconds when every row
 * carried a tooltip naming the whole cycle.
 */
export function writeCycleConfig(dir: string, profiles: number): GeneratedFiles {
  const lines: string[] = [];
  for (let i = 0; i < profiles; i++) {
    lines.push(`[profile h${i}]`, `role_arn = arn:aws:iam::123456789012:role/Hop${i}`, `source_profile = h${(i + 1) % profiles}`, 'region = eu-west-1', '');
  }
  const configText = lines.join('\n');
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(configFile, configText);
  fs.writeFileSync(credentialsFile, '');
  return {
    configText,
    credentialsText: '',
    profileCount: profiles,
    rolesByChainLength: [],
    mix: { cycleRoles: profiles },
    configFile,
    credentialsFile,
    bytes: Buffer.byteLength(configText),
  };
}
