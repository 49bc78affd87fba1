/**
 * A private copy of the packaged extension (what the .vsix holds: package.json, the
 * production dist/extension.js, media/, README/CHANGELOG/LICENSE) for the benchmarks to load.
 *
 * Other people and tools rebuild dist/ while the bench runs (a `npm run build` or `watch`
 * writes a development bundle over the production one); measuring a copy taken once, checked
 * to be a production build, keeps every figure of one run about the same bytes.
 */

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchLog as log } from './log';

export interface ExtensionSnapshot {
  /** The folder to load as the extension under development. */
  readonly dir: string;
  /** Size of its dist/extension.js. */
  readonly bundleBytes: number;
  /** How many production builds it took to get one that nobody overwrote. */
  readonly builds: number;
}

/** The production build is minified and has no source-map comment; the development one has both. */
export function isProductionBundle(text: string): boolean {
  return !/\/\/# sourceMappingURL=/.test(text.slice(-300));
}

export function snapshotExtension(root: string, into: string): ExtensionSnapshot {
  const bundlePath = path.join(root, 'dist', 'extension.js');
  let builds = 0;
  let bundle: Buffer | undefined;
  for (;;) {
    if (fs.existsSync(bundlePath)) {
      const bytes = fs.readFileSync(bundlePath);
      if (isProductionBundle(bytes.toString('utf8'))) {
        bundle = bytes;
        break;
      }
    }
    if (builds >= 3) throw new Error('dist/extension.js keeps being overwritten with a development build; stop `npm run watch` / `npm run build` and retry');
    log(`dist/extension.js is ${fs.existsSync(bundlePath) ? 'a development build (something rebuilt it)' : 'missing'}: running \`node esbuild.js --production\``);
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
    builds++;
  }

  fs.mkdirSync(path.join(into, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(into, 'dist', 'extension.js'), bundle);
  fs.copyFileSync(path.join(root, 'package.json'), path.join(into, 'package.json'));
  for (const name of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (fs.existsSync(path.join(root, name))) fs.copyFileSync(path.join(root, name), path.join(into, name));
  }
  if (fs.existsSync(path.join(root, 'media'))) fs.cpSync(path.join(root, 'media'), path.join(into, 'media'), { recursive: true });
  return { dir: into, bundleBytes: bundle.length, builds };
}
