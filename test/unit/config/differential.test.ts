/**
 * Our parser against the AWS SDK's own (`@smithy/shared-ini-file-loader`): on a corpus of
 * real-world-shaped files and on generated ones, both must see the same profiles,
 * sso-sessions and values. A difference means our tree would show something the SDK
 * (and so the AWS CLI, Terraform, boto3 …) does not.
 *
 * Both readings are compared as Maps (`sdkReading.ts`), never as plain objects: through plain
 * objects a section named `__proto__` or `constructor` hits an inherited property on both sides
 * alike, and a difference there would go unseen. The four places where the SDK's plain objects
 * make it lose or mix up what the file says are asserted below as known divergences, each
 * saying which side is right.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readFileContent } from '../../../src/core/config/configFiles';
import { KNOWN_KEYS } from '../../../src/core/config/knownKeys';
import { buildProfileModel } from '../../../src/core/config/profileModel';
import { JS_OBJECT_NAMES } from '../../../src/core/config/profileProblems';
import { toSdkShape, toSharedConfigFiles, type SdkShapeFile, type SharedConfigFiles } from '../../../src/core/config/sharedConfigFiles';
import { nodeTextFileReader } from '../../../src/platform/nodeTextFileReader';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';
import { folderCases, generatedCases } from './corpusCases';
import { readWithSdk, type SectionMaps } from './sdkReading';

let tempDir: string;
let counter = 0;

/** Writes the pair under fresh names (the SDK caches by path) and compares both readings. */
async function compareWithSdk(configText: string | undefined, credentialsText: string | undefined): Promise<void> {
  counter++;
  const configPath = path.join(tempDir, `config-${counter}`);
  const credentialsPath = path.join(tempDir, `credentials-${counter}`);
  if (configText !== undefined) fs.writeFileSync(configPath, configText);
  if (credentialsText !== undefined) fs.writeFileSync(credentialsPath, credentialsText);

  const sdk = await readWithSdk(configPath, credentialsPath);
  const ours = toSharedConfigFiles(
    await readFileContent(nodeTextFileReader, configPath),
    await readFileContent(nodeTextFileReader, credentialsPath),
  );
  const ourShape = toSdkShape(ours);

  // Known divergence 1: a config-file `[profile "__proto__"]`. The SDK's getConfigData assigns
  // it to `result["__proto__"]`, which makes its values the result's prototype: the SDK lists no
  // such profile, yet every lookup on the result inherits its values. Ours is right: the file
  // defines the profile (the AWS CLI and boto3 read it), and the model warns that the JS SDK
  // cannot use it (`name-unusable-in-js-sdk`). The lost values must be exactly ours (less a
  // key named `__proto__`: divergence 2).
  const ourConfigFile = new Map(ourShape.configFile);
  const ourProtoProfile = ourConfigFile.get('__proto__');
  ourConfigFile.delete('__proto__');
  assert.deepStrictEqual(sdk.configProtoProfile, ourProtoProfile === undefined ? undefined : withoutProtoKey(ourProtoProfile), 'a [profile "__proto__"] section');

  // Known divergence 2: a key named `__proto__` (`__proto__ = x`). The SDK's assignment of a
  // string to `section["__proto__"]` does nothing, so it drops the value; we keep it as written
  // (botocore does too). No setting has that name, so nothing reads it either way.
  const comparable = (file: SdkShapeFile) => new Map([...file].map(([name, values]) => [name, withoutProtoKey(values)]));
  const withoutEmpty = (file: SectionMaps) => new Map([...file].filter(([, values]) => values.size > 0));
  assert.deepStrictEqual(withoutEmpty(comparable(ourConfigFile)), withoutEmpty(sdk.configFile), 'config file profiles differ from the SDK');
  // Part of known divergence 3 (below): a credentials-file section named like a property of
  // Object.prototype is, in the SDK's raw result, the shared built-in itself (`Object` for
  // `[constructor]`), carrying the values that both files' sections of that name wrote onto it,
  // so its raw values are left out here and the profile is checked with the merged ones.
  const withoutJsNames = (file: ReadonlyMap<string, ReadonlyMap<string, string>>) => new Map([...file].filter(([name]) => !JS_OBJECT_NAMES.has(name)));
  assert.deepStrictEqual(
    withoutEmpty(comparable(withoutJsNames(ourShape.credentialsFile))),
    withoutEmpty(withoutJsNames(sdk.credentialsFile) as SectionMaps),
    'credentials file profiles differ from the SDK',
  );
  const ourSsoSessions = new Map(
    [...ours.ssoSessions]
      .filter(([, section]) => section.values.size > 0)
      .map(([name, section]) => [name, withoutProtoKey(new Map([...section.values].map(([k, v]) => [k, v.value])))] as const),
  );
  assert.deepStrictEqual(withoutEmpty(ourSsoSessions), withoutEmpty(sdk.ssoSessions), 'sso-sessions differ from the SDK');

  // Known divergence 3: profiles named like Object.prototype's properties (`constructor`,
  // `toString`, `__proto__` …). parseKnownFiles, which every SDK provider reads, merges into a
  // plain object, finds the inherited property and merges into it (into `Object` itself, for
  // `constructor`): the profile is lost, and the built-in is changed for the whole process
  // (`sdkFileSafety.ts` keeps the SDK from reading such files in the extension host). Ours keeps
  // the profile, for the same reason as divergence 1, and says so on the profile. Every other
  // profile must have the same merged values on both sides.
  //
  // Known divergence 4: parseKnownFiles merges the config file's `[sso-session x]` and
  // `[services x]` sections (keys `sso-session.x`, `services.x`) in with the profiles, so a
  // credentials-file profile literally named `[sso-session.x]` gets that section's values too.
  // Ours keeps the profile to its own values: an sso-session is not a profile.
  const model = buildProfileModel(ours);
  const sdkProfiles = new Map(sdk.knownProfiles);
  const nonProfileSections = new Map([...ourConfigFile].filter(([name]) => /^(sso-session|services)\./.test(name)));
  for (const name of nonProfileSections.keys()) if (!model.byName.has(name)) sdkProfiles.delete(name);
  for (const profile of model.profiles) {
    const own = withoutProtoKey(new Map([...profile.settings].map(([k, v]) => [k, v.value])));
    const mergedIn = nonProfileSections.get(profile.name);
    // An empty profile is no profile to the SDK, unless divergence 4 gives it a section's values
    // (an empty credentials-file `[sso-session.x]` beside the config's `[sso-session x]`).
    if (own.size === 0 && mergedIn === undefined) continue;
    const values = mergedIn === undefined ? own : withoutProtoKey(new Map([...mergedIn, ...own]));
    if (JS_OBJECT_NAMES.has(profile.name)) {
      assert.equal(sdkProfiles.has(profile.name), false, `the SDK lost profile "${profile.name}"`);
      assert.ok(profile.problems.some((problem) => problem.code === 'name-unusable-in-js-sdk'), `profile "${profile.name}" says the JS SDK cannot use it`);
      continue;
    }
    assert.deepStrictEqual(sdkProfiles.get(profile.name), values, `merged profile "${profile.name}"`);
    sdkProfiles.delete(profile.name);
  }
  assert.deepStrictEqual([...sdkProfiles.keys()].filter((name) => sdkProfiles.get(name)!.size > 0), [], 'profiles only the SDK sees');
  assertKnownKeysAgree(ours);
}

function withoutProtoKey(values: ReadonlyMap<string, string>): Map<string, string> {
  const copy = new Map(values);
  copy.delete('__proto__');
  return copy;
}

/**
 * The model reads the settings it needs by key number, from slots the parser fills while it
 * scans (`knownKeys.ts`). Those reads must give what the full values (compared with the SDK
 * above) give: the credentials file's value when it has one, else the config file's.
 */
function assertKnownKeysAgree(files: SharedConfigFiles): void {
  const model = buildProfileModel(files);
  for (const profile of model.profiles) {
    for (const key of KNOWN_KEYS) {
      const expected = files.credentialsProfiles.get(profile.name)?.values.get(key) ?? files.configProfiles.get(profile.name)?.values.get(key);
      assert.deepStrictEqual(profile.settings.get(key), expected, `profile "${profile.name}": ${key}`);
      assert.equal(profile.settings.has(key), expected !== undefined, `profile "${profile.name}": has ${key}`);
    }
  }
}

describe('config parsing matches the AWS SDK (differential)', () => {
  before(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-roles-diff-'));
  });
  after(() => fs.rmSync(tempDir, { recursive: true, force: true }));

  for (const pair of folderCases()) {
    it(`reads the corpus pair "${pair.name}" as the SDK does`, async () => {
      await compareWithSdk(pair.config, pair.credentials);
    });
  }
  for (const pair of generatedCases()) {
    it(`reads the corpus pair "${pair.name}" as the SDK does`, async function () {
      this.timeout(HEAVY_TEST_TIMEOUT_MS);
      await compareWithSdk(pair.config, pair.credentials);
    });
  }

  it('reads missing files as the SDK does', async () => {
    await compareWithSdk(undefined, undefined);
  });

  it('reads any text, hostile and binary included, as the SDK does', async function () {
    // Not valid files: fragments the parser looks at (brackets, =, comment marks, every kind of
    // white space and line break, special names) and raw UTF-16 code units, glued at random.
    this.timeout(HEAVY_TEST_TIMEOUT_MS);
    const fragment = fc.oneof(
      fc.constantFrom('[', ']', '=', '#', ';', ' ', '\t', '\n', '\r\n', '\r', '\u00a0', '\ufeff', '\u2028', '\v', '"', "'", '.', '\0'),
      fc.constantFrom('[profile ', '[sso-session ', '[services ', '[default]', 'profile', '__proto__', 'constructor', 'toString', 'role_arn = ', 'source_profile', 'x'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    );
    const text = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, text, async (config, credentials) => {
        await compareWithSdk(config, credentials);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads generated files as the SDK does', async function () {
    // 1,000 generated file pairs through both parsers: about 2 s on an idle 2-core machine and
    // several times that on a busy one, so the budget is explicit and wide (issue 7).
    this.timeout(HEAVY_TEST_TIMEOUT_MS);
    await fc.assert(
      fc.asyncProperty(iniDocument(), iniDocument(), async (config, credentials) => {
        await compareWithSdk(config, credentials);
      }),
      { numRuns: 1000 },
    );
  });
});

// Names and keys that real files use, plus ones that stress the header pattern, unicode, and
// names special to JavaScript objects (compared through Maps: see the known divergences above).
// Keys that would overwrite a method of `Object` itself in the SDK (`assign`, `keys`, `entries`
// under a credentials-file `[constructor]`) are left out: they break the SDK's own next step,
// which the divergences above already cover in kind.
const NAMES = [
  'default', 'dev', 'prod', 'a.b', 'with space', 'x@y+z', 'a:b/c%d', 'q"', "it's", 'profile', 'sso', '', '__proto__',
  'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype', 'café', 'профиль', '日本',
];
const KEYS = [
  'region', 'role_arn', 'source_profile', 'mfa_serial', 'sso_session', 'credential_source', 's3', 'endpoint_url', 'a b', 'k', 'key#x', 'role_arnx',
  '__proto__', 'constructor', 'toString',
];
const VALUES = ['', 'v', 'us-east-1', 'x = y', 'a#b', 'a #c', 'a ;c', ';c', "'q'", 'arn:aws:iam::123456789012:role/R', '  spaced  ', 'ünï', '\u00a0nbsp'];

function iniDocument(): fc.Arbitrary<string> {
  const name = fc.constantFrom(...NAMES);
  const header = fc.oneof(
    name.map((n) => `[${n}]`),
    fc
      .tuple(
        fc.constantFrom('profile', 'sso-session', 'services', 'foo', 'Profile', 'profile.', 'sso-session.'),
        // \s in the SDK's pattern is any Unicode white space, not only ' ' and tab.
        fc.constantFrom(' ', '  ', '\t', '', '\u00a0', '\u3000', '\v'),
        name,
        fc.constantFrom(['', ''], ['"', '"'], ["'", "'"], ['"', "'"], ['', '"'], ['"', '']),
      )
      .map(([prefix, space, n, [open, close]]) => (prefix.endsWith('.') ? `[${prefix}${n}]` : `[${prefix}${space}${open}${n}${close}]`)),
    name.map((n) => `[ profile ${n} ]`),
    fc.constant('[]'),
  );
  const keyValue = fc
    .tuple(fc.constantFrom('', ' ', '\t', '  '), fc.constantFrom(...KEYS), fc.constantFrom('=', ' = ', '= ', ' ='), fc.constantFrom(...VALUES))
    .map(([indent, key, equals, value]) => `${indent}${key}${equals}${value}`);
  const comment = fc.tuple(fc.constantFrom('#', ';', ' #', '\t;'), fc.string({ maxLength: 8 })).map(([mark, text]) => mark + text.replace(/[\r\n]/g, ''));
  const withTrailingComment = fc.tuple(fc.oneof(header, keyValue), fc.constantFrom(' # c', '\t; c', '#c', '')).map(([line, tail]) => line + tail);
  const junk = fc.string({ maxLength: 12 }).map((text) => text.replace(/[\r\n]/g, ''));
  const line = fc.oneof(
    { weight: 3, arbitrary: header },
    { weight: 6, arbitrary: keyValue },
    { weight: 2, arbitrary: withTrailingComment },
    { weight: 1, arbitrary: comment },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: fc.constant('') },
  );
  return fc
    .tuple(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
    .map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ''));
}
