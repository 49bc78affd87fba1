/**
 * The documents link each other and name the project's files: every relative link and #anchor in
 * README.md, CONTRIBUTING.md and docs/*.md resolves, and every file of the project they name in a
 * code span exists, so a move or a renamed heading cannot leave a reader at a dead end.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');

const documents = [
  'README.md',
  'CONTRIBUTING.md',
  ...fs.readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks (what a renderer turns into links). */
function prose(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(file).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = match[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of prose(file).matchAll(/<a (?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

/** Every link and image target in Markdown syntax: `[text](target)` and `![alt](target)`. */
function linksOf(file: string): string[] {
  return [...prose(file).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((match) => match[1]);
}

describe('the documents\' links and the files they name', () => {
  it('has the documents the README points a reader to', () => {
    for (const file of ['README.md', 'CONTRIBUTING.md', 'docs/security.md', 'docs/troubleshooting.md', 'docs/benchmarks.md']) {
      assert.ok(documents.includes(file), `${file} exists`);
    }
  });

  for (const file of documents) {
    it(`${file}: every relative link and #anchor resolves`, () => {
      const links = linksOf(file).filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link));
      for (const link of links) {
        const [target, anchor] = link.split('#', 2);
        const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(target)));
        assert.ok(!resolved.startsWith('..'), `${file}: ${link} stays inside the project`);
        assert.ok(fs.existsSync(path.join(root, resolved)), `${file}: ${link} (${resolved} exists)`);
        if (anchor !== undefined) {
          assert.ok(resolved.endsWith('.md'), `${file}: ${link} has an anchor into a Markdown file`);
          assert.ok(anchorsOf(resolved).has(anchor), `${file}: ${link} (${resolved} has a heading for #${anchor})`);
        }
      }
    });

    it(`${file}: every project file named in a code span exists`, () => {
      // Files from the project's root, in the folders a reader opens to check a claim (the test
      // that holds it, the fixture it reads): what moves without anyone noticing. Folders name
      // rooms of the layout; generated files (bench/results.json, test-results/, out/) are not kept in git.
      const named = [...prose(file).matchAll(/`((?:src|test|tools|bench|media|docs|\.ci)\/[^`\s*]*[^/`])`/g)].map((match) => match[1]);
      for (const name of named.filter((candidate) => candidate !== 'bench/results.json')) {
        assert.ok(fs.existsSync(path.join(root, name)), `${file} names ${name}, which exists`);
      }
    });
  }
});
