// Runs every examples/*.mjs with node, as a user would after `npm run build`
// (npm test builds first): each must print something and exit 0. The examples
// assert their own output with node:assert, so a wrong result fails here too.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const examples = readdirSync(join(root, 'examples'))
  .filter((name) => name.endsWith('.mjs'))
  .sort();

describe('examples', () => {
  it('exist, and dist/ is built', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(existsSync(join(root, 'dist/index.js')), 'run `npm run build` first').toBe(true);
  });

  it.each(examples)('%s runs with node and exits 0', (name) => {
    const run = spawnSync(process.execPath, [join('examples', name)], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr, `${name} wrote to stderr`).toBe('');
    expect(run.status, `${name} failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout.trim().length).toBeGreaterThan(0);
  });
});
