/**
 * Which files the AWS SDK for JavaScript cannot read without writing onto JavaScript's
 * built-ins, held against the SDK itself: for each pair, our check flags it exactly when the
 * SDK's `parseKnownFiles` (what `fromSSO` and `fromIni` call) really changes `Object`,
 * `Object.prototype` or one of its methods (undone after each reading).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseKnownFiles } from '@smithy/shared-ini-file-loader';
import { describeSdkUnsafeSection, findSdkUnsafeSection } from '../../../src/core/config/sdkFileSafety';
import { builtInsWrittenBy } from './sdkReading';

const PAIRS: readonly { readonly about: string; readonly config: string; readonly credentials: string; readonly flagged?: string }[] = [
  { about: 'ordinary names', config: '[profile dev]\nregion = x\n[default]\nregion = y\n', credentials: '[dev]\naws_access_key_id = A\n' },
  { about: 'credentials [constructor]', config: '', credentials: '[ok]\nregion = x\n[constructor]\naws_access_key_id = A\n', flagged: 'credentials:3 [constructor]' },
  { about: 'credentials [toString]', config: '', credentials: '[toString]\nregion = x\n', flagged: 'credentials:1 [toString]' },
  { about: 'credentials [hasOwnProperty]', config: '', credentials: '[hasOwnProperty]\nk = v\n', flagged: 'credentials:1 [hasOwnProperty]' },
  { about: 'config [profile valueOf]', config: '[profile valueOf]\nregion = x\n', credentials: '', flagged: 'config:1 [profile valueOf]' },
  { about: 'config [profile "isPrototypeOf"]', config: '[profile "isPrototypeOf"]\nregion = x\n', credentials: '', flagged: 'config:1 [profile isPrototypeOf]' },
  { about: 'a bare config [constructor] (ignored as a profile, but stored first)', config: '[constructor]\nregion = x\n', credentials: '', flagged: 'config:1 [constructor]' },
  { about: 'an empty [constructor]: nothing written', config: '[profile constructor]\n', credentials: '[toString]\n' },
  { about: '[sso-session constructor] and [services toString]', config: '[sso-session constructor]\nsso_region = x\n[services toString]\nk = v\n', credentials: '' },
  { about: 'credentials [profile constructor] is keyed profile.constructor', config: '', credentials: '[profile constructor]\nk = v\n' },
  { about: '[profile "__proto__"] replaces only a prototype of the SDK\'s own', config: '[profile "__proto__"]\nregion = x\n', credentials: '' },
  { about: '[__proto__] makes the SDK refuse the file', config: '', credentials: '[__proto__]\nregion = x\n' },
  { about: 'prototype, name and length are safe', config: '[profile prototype]\nk = v\n', credentials: '[name]\nk = v\n[length]\nk = v\n' },
];

describe('files the AWS SDK would misread into JavaScript built-ins', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-roles-sdk-safety-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  PAIRS.forEach((pair, index) => {
    it(`${pair.flagged ? 'flags' : 'passes'} ${pair.about}, as the SDK behaves`, async () => {
      const found = findSdkUnsafeSection({ config: pair.config, credentials: pair.credentials });
      assert.equal(found && `${found.file}:${found.line + 1} [${found.header}]`, pair.flagged);
      const configFilepath = path.join(dir, `config-${index}`);
      const filepath = path.join(dir, `credentials-${index}`);
      fs.writeFileSync(configFilepath, pair.config);
      fs.writeFileSync(filepath, pair.credentials);
      const { written } = await builtInsWrittenBy(() => parseKnownFiles({ configFilepath, filepath, ignoreCache: true }).catch(() => ({})));
      assert.equal(written, pair.flagged !== undefined, 'the SDK wrote onto a built-in');
    });
  });

  it('says where and what to do, with the real paths', () => {
    const found = findSdkUnsafeSection({ credentials: '[constructor]\nassign = x\n', credentialsPath: '/home/me/.aws/credentials' })!;
    assert.equal(
      describeSdkUnsafeSection(found),
      "the AWS SDK for JavaScript would write the values of [constructor] (/home/me/.aws/credentials, line 1) onto JavaScript's own built-ins in VS Code's extension host, so it is not asked to read your AWS files; rename that profile",
    );
  });
});
