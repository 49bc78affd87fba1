/**
 * The house's shape, held: every folder of `src/` (and each folder of `src/core/`) is a room, an
 * import from one room to another an arrow. The rooms stand on floors with no circle, the core's
 * floors are the ones CONTRIBUTING.md's Layout describes, and the core reaches nothing outside
 * itself but Node's own modules. A change that adds an arrow up, or a circle, fails here with the
 * files that draw it, before the structure quietly turns into one hub again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const src = path.join(root, 'src');

/**
 * The core's floors, lowest first: a folder may import its own floor's folders only through
 * what is listed below it, never a folder on its own floor or above.
 */
const CORE_FLOORS: readonly (readonly string[])[] = [
  ['vocabulary'],
  ['config'],
  ['identityCenter'],
  ['configEditing', 'assume', 'console'],
  ['lifecycle'],
  ['presentation', 'injection'],
];

interface Arrow {
  readonly from: string;
  readonly to: string;
  /** A file that draws it, and the module it names. */
  readonly example: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `core/assume` for a file under src/core/assume/, `commands` under src/commands/, `extension` for src/extension.ts. */
function roomOf(file: string): string {
  const parts = path.relative(src, file).split(path.sep);
  if (parts[0] === 'core' && parts.length > 2) return `core/${parts[1]}`;
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '');
  return parts[0];
}

/** The modules a file names in `import … from`, `export … from` and `import()`. */
function specifiersOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\sfrom\s+'([^']+)'/gm)) found.push(match[1]);
  for (const match of text.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(match[1]);
  for (const match of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(match[1]);
  return found;
}

function arrowsOfSrc(): { arrows: Arrow[]; outsideCore: string[] } {
  const arrows = new Map<string, Arrow>();
  const outsideCore: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = roomOf(file);
    for (const specifier of specifiersOf(fs.readFileSync(file, 'utf8'))) {
      const where = `${path.relative(root, file)} imports '${specifier}'`;
      if (!specifier.startsWith('.')) {
        if (from.startsWith('core/') && !specifier.startsWith('node:')) outsideCore.push(where);
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier);
      if (from.startsWith('core/') && !target.startsWith(path.join(src, 'core') + path.sep)) outsideCore.push(where);
      const to = roomOf(`${target}.ts`);
      if (to !== from && !arrows.has(`${from} -> ${to}`)) arrows.set(`${from} -> ${to}`, { from, to, example: where });
    }
  }
  return { arrows: [...arrows.values()], outsideCore };
}

/** One circle of rooms, as `a -> b -> a`, or undefined when the arrows have none. */
function findCircle(arrows: readonly Arrow[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const arrow of arrows) next.set(arrow.from, [...(next.get(arrow.from) ?? []), arrow.to]);
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (room: string): string[] | undefined => {
    if (state.get(room) === 'done') return undefined;
    if (state.get(room) === 'open') return [...trail.slice(trail.indexOf(room)), room];
    state.set(room, 'open');
    trail.push(room);
    for (const to of next.get(room) ?? []) {
      const circle = visit(to);
      if (circle) return circle;
    }
    trail.pop();
    state.set(room, 'done');
    return undefined;
  };
  for (const room of next.keys()) {
    const circle = visit(room);
    if (circle) return circle;
  }
  return undefined;
}

describe('the structure of src/', () => {
  const { arrows, outsideCore } = arrowsOfSrc();

  it('reads the imports it judges (the composition root reaches every adapter folder)', () => {
    const fromRoot = new Set(arrows.filter((arrow) => arrow.from === 'extension').map((arrow) => arrow.to));
    for (const room of ['commands', 'tree', 'statusBar', 'injection', 'prompts', 'platform', 'core/lifecycle', 'core/assume']) {
      assert.ok(fromRoot.has(room), `src/extension.ts imports from ${room}`);
    }
  });

  it('has no circle between its folders', () => {
    const circle = findCircle(arrows);
    const described = circle?.map((room, i) => (i + 1 < circle.length ? arrows.find((arrow) => arrow.from === room && arrow.to === circle[i + 1])?.example : room));
    assert.equal(circle, undefined, `a circle: ${circle?.join(' -> ')}\n${described?.join('\n')}`);
  });

  it("puts the core's folders on the floors CONTRIBUTING.md describes: each imports only folders on lower floors", () => {
    const floorOf = new Map<string, number>(CORE_FLOORS.flatMap((folders, floor) => folders.map((folder): [string, number] => [`core/${folder}`, floor])));
    const coreRooms = new Set(arrows.flatMap((arrow) => [arrow.from, arrow.to]).filter((room) => room.startsWith('core/')));
    assert.deepEqual([...coreRooms].filter((room) => !floorOf.has(room)), [], 'every folder of src/core/ has its floor in CORE_FLOORS');
    const upOrSideways = arrows.filter((arrow) => floorOf.has(arrow.from) && floorOf.has(arrow.to) && floorOf.get(arrow.to)! >= floorOf.get(arrow.from)!);
    assert.deepEqual(upOrSideways.map((arrow) => `${arrow.from} -> ${arrow.to} (${arrow.example})`), []);
  });

  it('keeps the core to itself: it imports nothing of the adapters and no package but Node\'s own modules', () => {
    assert.deepEqual(outsideCore, []);
  });
});
