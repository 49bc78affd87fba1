/** Builds profile models from INI text for the session tests. */

import { buildProfileModelFromContents } from '../../../src/core/config/profileModel';
import type { ProfileModel } from '../../../src/core/config/types';

export const CONFIG_PATH = '/home/alice/.aws/config';
export const CREDENTIALS_PATH = '/home/alice/.aws/credentials';

export function modelOf(config: string, credentials?: string): ProfileModel {
  return buildProfileModelFromContents(
    { status: 'ok', path: CONFIG_PATH, text: config },
    credentials === undefined ? { status: 'missing', path: CREDENTIALS_PATH } : { status: 'ok', path: CREDENTIALS_PATH, text: credentials },
  );
}
