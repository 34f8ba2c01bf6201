// The seeded PRNG is the soak script's (one piece of code), so a failing sequence replays from its seed.
export { seededRandom } from '../../scripts/soak-core.mjs';

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
