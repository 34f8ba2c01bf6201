// The README states the size of the WebAssembly core as "N,NNN bytes (N,NNN gzipped)". This
// test keeps that true: it fails when build/release.wasm (what the package embeds) is more
// than TOLERANCE away from the stated figures, raw or gzipped, and prints the figures to write.
//
// Needs `npm run build` first (npm test does it).
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** How far the build may drift from the README's figures before the sentence must be rewritten. */
const TOLERANCE = 0.03;

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const wasmUrl = new URL('../build/release.wasm', import.meta.url);

/** Every "N,NNN bytes (N,NNN gzipped)" in the README, as numbers. */
function statedSizes(text: string): { raw: number; gzipped: number; text: string }[] {
  const toNumber = (digits: string) => Number(digits.replaceAll(',', ''));
  return [...text.matchAll(/(\d[\d,]*) bytes \((\d[\d,]*) gzipped\)/g)].map((match) => ({
    raw: toNumber(match[1]!),
    gzipped: toNumber(match[2]!),
    text: match[0],
  }));
}

describe("the README's size of the WebAssembly core", () => {
  it('is stated as "N,NNN bytes (N,NNN gzipped)" in the paragraph about the module', () => {
    const paragraph = readme.split(/\n\s*\n/).find((block) => /The WebAssembly module/.test(block));
    expect(paragraph, 'a README paragraph starting "The WebAssembly module"').toBeDefined();
    expect(statedSizes(paragraph!)).toHaveLength(1);
  });

  it(`matches build/release.wasm within ${TOLERANCE * 100}%, raw and gzipped`, () => {
    expect(existsSync(wasmUrl), 'build/release.wasm exists: run `npm run build` first').toBe(true);
    const bytes = readFileSync(wasmUrl);
    const actual = { raw: bytes.length, gzipped: gzipSync(bytes).length };
    const format = (n: number) => n.toLocaleString('en-US');
    const wanted = `${format(actual.raw)} bytes (${format(actual.gzipped)} gzipped)`;
    const stated = statedSizes(readme);
    expect(stated.length).toBeGreaterThan(0);
    for (const size of stated) {
      const off = (statedValue: number, actualValue: number) => Math.abs(statedValue - actualValue) / actualValue;
      expect(
        off(size.raw, actual.raw) <= TOLERANCE && off(size.gzipped, actual.gzipped) <= TOLERANCE,
        `README says "${size.text}"; the build is ${wanted}: update the README`,
      ).toBe(true);
    }
  });
});
