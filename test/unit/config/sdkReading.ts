/**
 * The AWS SDK's own reading of a pair of files (`@smithy/shared-ini-file-loader`), turned into
 * Maps of own properties so that a comparison with ours does not share the SDK's blind spots.
 *
 * The SDK keeps sections and values on plain objects. Seen through plain objects (or
 * `JSON.stringify`), a section named `__proto__` or `constructor` hits an inherited property
 * on both sides at once, and the two readings look equal while both are wrong. Read through
 * Maps, every name is an ordinary name, and what the SDK loses shows as a difference, which
 * `differential.test.ts` asserts as a known, documented divergence.
 *
 * Reading some of these files makes the SDK write onto shared built-ins: a credentials-file
 * `[constructor]` section's values become properties of the global `Object`, a `[toString]`
 * section's of `Object.prototype.toString`. They would leak into the next reading (and the rest
 * of the test run), so every reading puts those objects back as they were.
 */

import { loadSharedConfigFiles, loadSsoSessionData, parseKnownFiles } from '@smithy/shared-ini-file-loader';

/** Sections by key, each a map of its values. */
export type SectionMaps = Map<string, Map<string, string>>;

export interface SdkReading {
  readonly configFile: SectionMaps;
  readonly credentialsFile: SectionMaps;
  readonly ssoSessions: SectionMaps;
  /** `parseKnownFiles`: what `fromIni` and every other provider see, profiles merged. */
  readonly knownProfiles: SectionMaps;
  /**
   * The values of a config-file profile written `[profile "__proto__"]`: the SDK's
   * `getConfigData` assigns it to `result["__proto__"]`, which replaces the result's prototype
   * instead of adding an entry. Undefined when the prototype is the usual one.
   */
  readonly configProtoProfile?: Map<string, string>;
}

/** Reads the pair with the SDK, bypassing its cache, and leaves the built-ins as they were. */
export async function readWithSdk(configFilepath: string, filepath: string): Promise<SdkReading> {
  return withBuiltInsRestored(async () => {
    const sdk = await loadSharedConfigFiles({ configFilepath, filepath, ignoreCache: true });
    const ssoSessions = await loadSsoSessionData({ configFilepath });
    // Converted before the built-ins are restored: a `[constructor]` section's values live on
    // `Object` until then.
    const configProto = Object.getPrototypeOf(sdk.configFile) as object | null;
    const reading = {
      configFile: ownMaps(sdk.configFile),
      credentialsFile: ownMaps(sdk.credentialsFile),
      ssoSessions: ownMaps(ssoSessions),
      configProtoProfile: configProto !== Object.prototype && configProto !== null ? ownValues(configProto) : undefined,
    };
    const known = await parseKnownFiles({ configFilepath, filepath, ignoreCache: true });
    return { ...reading, knownProfiles: ownMaps(known) };
  });
}

/** Own enumerable entries of a record of sections, each section's own enumerable entries. */
function ownMaps(record: object): SectionMaps {
  const maps: SectionMaps = new Map();
  for (const name of Object.keys(record)) {
    const section = (record as Record<string, unknown>)[name];
    if ((typeof section === 'object' && section !== null) || typeof section === 'function') maps.set(name, ownValues(section));
  }
  return maps;
}

function ownValues(section: object): Map<string, string> {
  return new Map(Object.entries(section).map(([key, value]) => [key, String(value)]));
}

/** `Object`, `Object.prototype` and its methods: what the SDK's plain-object writes can reach. */
function reachableBuiltIns(): object[] {
  const methods = Reflect.ownKeys(Object.prototype)
    .map((key) => Object.getOwnPropertyDescriptor(Object.prototype, key)?.value as unknown)
    .filter((value): value is object => typeof value === 'function');
  return [Object, Object.prototype, ...methods];
}

async function withBuiltInsRestored<T>(work: () => Promise<T>): Promise<T> {
  return (await builtInsWrittenBy(work)).result;
}

/** Runs `work`, says whether it changed `Object`, `Object.prototype` or its methods, and undoes any change. */
export async function builtInsWrittenBy<T>(work: () => Promise<T>): Promise<{ result: T; written: boolean }> {
  const targets = reachableBuiltIns();
  const before = targets.map((target) => new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)!])));
  let written = false;
  let result: T;
  try {
    result = await work();
  } finally {
    targets.forEach((target, index) => {
      const saved = before[index];
      for (const key of Reflect.ownKeys(target)) {
        if (!saved.has(key)) {
          written = true;
          Reflect.deleteProperty(target, key);
        }
      }
      for (const [key, descriptor] of saved) {
        const now = Object.getOwnPropertyDescriptor(target, key);
        if (now === undefined || now.value !== descriptor.value || now.get !== descriptor.get) {
          written = true;
          if (descriptor.configurable) Object.defineProperty(target, key, descriptor);
        }
      }
    });
  }
  return { result, written };
}
