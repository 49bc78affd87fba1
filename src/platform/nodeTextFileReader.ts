/** The file-reading port of the core, backed by Node's file system. */

import { readFile } from 'node:fs/promises';
import type { TextFileReader } from '../core/config/configFiles';

export const nodeTextFileReader: TextFileReader = {
  readTextFile: (path) => readFile(path, 'utf8'),
};
