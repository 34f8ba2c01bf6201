// Reference W-TinyLFU with an adaptive window: the policy the AssemblyScript core implements and
// is compared against, eviction by eviction. The exact algorithm is specified in ./index.mjs; the
// comments here name the step of that specification each piece implements.

import { DENSITY_SAMPLE_PERIOD_PER_ENTRY, DensityClimber, HillClimber } from './climber.mjs';
import { XorShift32 } from './random.mjs';
import { FrequencySketch } from './sketch.mjs';

export const WINDOW = 0;
export const PROBATION = 1;
export const PROTECTED = 2;
export const REGION_NAMES = ['window', 'probation', 'protected'];

/** A warm candidate (this frequency or more) that loses to the victim is still admitted 1 in 128. */
export const ADMIT_HASHDOS_THRESHOLD = 6;
export const ADMIT_HASHDOS_MASK = 127;
const NONE = -1;

/** Initial window: ceil(capacity / 100) (Caffeine: capacity − ⌊0.99 · capacity⌋). */
export function initialWindowMaximum(capacity) {
  return Math.floor((capacity + 99) / 100);
}

/** Protected maximum for a main space of `main` entries: ⌊0.8 · main⌋ = ⌊4 · main / 5⌋. */
export function protectedMaximumFor(main) {
  return Math.floor((4 * main) / 5);
}

export class WTinyLfu {
  /**
   * @param {{ capacity: number, seed?: number, climber?: 'density' | 'hill' | 'none',
   *   onEvict?: (key: unknown, region: number) => void }} options
   */
  constructor(options) {
    const capacity = options.capacity;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer ≥ 1');
    this.capacity = capacity;
    this.adaptive = options.climber !== 'none';
    this.onEvict = options.onEvict;
    this.random = new XorShift32(options.seed ?? 1);
    this.sketch = new FrequencySketch(capacity);
    this.windowMaximum = initialWindowMaximum(capacity);
    // Density: a sample every 5 × capacity accesses (two per sketch period); the hill climber
    // keeps Caffeine's, one per sketch period (10 × capacity).
    this.climber =
      options.climber === 'hill'
        ? new HillClimber(capacity, this.sketch.resetPeriod)
        : new DensityClimber(capacity, DENSITY_SAMPLE_PERIOD_PER_ENTRY * capacity, this.windowMaximum);
    this.protectedMaximum = protectedMaximumFor(capacity - this.windowMaximum);
    this.climberActive = false;

    this.slotOf = new Map();
    this.keys = new Array(capacity + 1);
    this.hashes = new Uint32Array(capacity + 1);
    this.prev = new Int32Array(capacity + 1);
    this.next = new Int32Array(capacity + 1);
    this.region = new Uint8Array(capacity + 1);
    this.free = [];
    for (let slot = capacity; slot >= 0; slot--) this.free.push(slot);
    /** Per region: least recently used end (the victim), most recent end, entry count. */
    this.head = [NONE, NONE, NONE];
    this.tail = [NONE, NONE, NONE];
    this.sizes = [0, 0, 0];
    this.evictions = 0;
  }

  get size() {
    return this.slotOf.size;
  }

  has(key) {
    return this.slotOf.has(key);
  }

  /** The region of a key (WINDOW, PROBATION, PROTECTED) or undefined. No side effect. */
  regionOf(key) {
    const slot = this.slotOf.get(key);
    return slot === undefined ? undefined : this.region[slot];
  }

  /** Keys of a region from least to most recently used. */
  keysOf(region) {
    const out = [];
    for (let slot = this.head[region]; slot !== NONE; slot = this.next[slot]) out.push(this.keys[slot]);
    return out;
  }

  /** A replay step: get, and set on a miss. Returns whether it hit. */
  access(key, hash) {
    if (this.get(key, hash)) return true;
    this.set(key, hash);
    return false;
  }

  /** A read: on a hit, counts it and reorders (step 3); a miss changes nothing (the hash is not needed). */
  get(key, _hash) {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return false;
    this.onHit(slot);
    return true;
  }

  /** A write: an existing key is an access (as Caffeine's update); a new one is inserted (step 4). */
  set(key, hash) {
    const slot = this.slotOf.get(key);
    if (slot !== undefined) {
      this.onHit(slot);
      return;
    }
    this.insert(key, hash >>> 0);
  }

  /** Removes a key without counting an eviction. */
  delete(key) {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return false;
    this.removeSlot(slot);
    return true;
  }

  /** Walks every structure; throws on the first broken invariant. */
  checkIntegrity() {
    const fail = (message) => {
      throw new Error(`W-TinyLFU integrity: ${message}`);
    };
    let total = 0;
    for (const region of [WINDOW, PROBATION, PROTECTED]) {
      let count = 0;
      let previous = NONE;
      for (let slot = this.head[region]; slot !== NONE; slot = this.next[slot]) {
        if (this.region[slot] !== region) fail(`slot ${slot} in the ${REGION_NAMES[region]} list says region ${this.region[slot]}`);
        if (this.prev[slot] !== previous) fail(`slot ${slot}: prev ${this.prev[slot]}, expected ${previous}`);
        if (this.slotOf.get(this.keys[slot]) !== slot) fail(`slot ${slot}: key not mapped to it`);
        previous = slot;
        if (++count > this.capacity + 1) fail(`${REGION_NAMES[region]} list cycles`);
      }
      if (this.tail[region] !== previous) fail(`${REGION_NAMES[region]} tail ${this.tail[region]}, expected ${previous}`);
      if (count !== this.sizes[region]) fail(`${REGION_NAMES[region]} holds ${count}, size says ${this.sizes[region]}`);
      total += count;
    }
    if (total !== this.slotOf.size) fail(`regions hold ${total}, map ${this.slotOf.size}`);
    if (this.slotOf.size > this.capacity) fail(`size ${this.slotOf.size} > capacity ${this.capacity}`);
    if (this.sizes[WINDOW] > this.windowMaximum) fail(`window ${this.sizes[WINDOW]} > ${this.windowMaximum}`);
    if (this.sizes[PROTECTED] > this.protectedMaximum) fail(`protected ${this.sizes[PROTECTED]} > ${this.protectedMaximum}`);
    if (this.windowMaximum < 1 || this.windowMaximum > this.capacity) fail(`window maximum ${this.windowMaximum}`);
    if (this.protectedMaximum < 0 || this.protectedMaximum > this.capacity - this.windowMaximum)
      fail(`protected maximum ${this.protectedMaximum}`);
  }

  // ---- steps of the specification ----

  onHit(slot) {
    this.sketch.increment(this.hashes[slot]);
    const region = this.region[slot];
    this.climber.recordHit(region === WINDOW);
    if (region === PROBATION && this.protectedMaximum > 0) {
      this.moveToMru(slot, PROTECTED);
      this.demoteFromProtected();
    } else {
      this.moveToMru(slot, region);
    }
    this.climb();
  }

  insert(key, hash) {
    // The first time the cache holds half its capacity (counting this entry), the sketch is
    // allocated and the climber starts sampling (Caffeine: sketch initialised at half full).
    if (!this.climberActive && this.slotOf.size + 1 >= this.capacity >>> 1) {
      this.climberActive = true;
      this.sketch.allocate();
    }
    this.sketch.increment(hash);
    this.climber.recordMiss();
    const slot = this.free.pop();
    this.slotOf.set(key, slot);
    this.keys[slot] = key;
    this.hashes[slot] = hash;
    this.linkMru(slot, WINDOW);
    this.evictEntries();
    this.climb();
  }

  /** Window overflow moves to probation (MRU end), then main evicts by admission until size ≤ capacity. */
  evictEntries() {
    let candidate = NONE;
    while (this.sizes[WINDOW] > this.windowMaximum) {
      const slot = this.head[WINDOW];
      this.moveToMru(slot, PROBATION);
      if (candidate === NONE) candidate = slot;
    }
    let candidateRegion = PROBATION;
    let victimRegion = PROBATION;
    let victim = this.head[PROBATION];
    while (this.slotOf.size > this.capacity) {
      if (candidate === NONE && candidateRegion === PROBATION) {
        candidate = this.head[WINDOW];
        candidateRegion = WINDOW;
      }
      if (candidate === NONE && victim === NONE) {
        if (victimRegion === PROBATION) {
          victim = this.head[PROTECTED];
          victimRegion = PROTECTED;
          continue;
        }
        if (victimRegion === PROTECTED) {
          victim = this.head[WINDOW];
          victimRegion = WINDOW;
          continue;
        }
        break;
      }
      if (victim === NONE) {
        candidate = this.evictAndAdvance(candidate);
      } else if (candidate === NONE) {
        victim = this.evictAndAdvance(victim);
      } else if (candidate === victim) {
        victim = this.evictAndAdvance(victim);
        candidate = NONE;
      } else if (this.admit(this.hashes[candidate], this.hashes[victim])) {
        victim = this.evictAndAdvance(victim);
        candidate = this.next[candidate];
      } else {
        candidate = this.evictAndAdvance(candidate);
      }
    }
  }

  /** Admission: the more frequent wins; a warm loser still gets in 1 time in 128 (hash flooding). */
  admit(candidateHash, victimHash) {
    const candidateFrequency = this.sketch.frequency(candidateHash);
    const victimFrequency = this.sketch.frequency(victimHash);
    if (candidateFrequency > victimFrequency) return true;
    if (candidateFrequency >= ADMIT_HASHDOS_THRESHOLD) {
      return (this.random.next() & ADMIT_HASHDOS_MASK) === 0;
    }
    return false;
  }

  evictAndAdvance(slot) {
    const following = this.next[slot];
    const key = this.keys[slot];
    const region = this.region[slot];
    this.removeSlot(slot);
    this.evictions++;
    if (this.onEvict) this.onEvict(key, region);
    return following;
  }

  /** Samples the hit rate; moves the window boundary by the climber's adjustment. */
  climb() {
    if (!this.adaptive) return;
    if (!this.climberActive) {
      this.climber.discardSample();
      return;
    }
    const amount = this.climber.adjustment(this.windowMaximum);
    if (amount > 0) this.increaseWindow(amount);
    else if (amount < 0) this.decreaseWindow(-amount);
  }

  /** Takes up to `amount` from protected's quota; moves main's LRU entries (probation first) to window MRU. */
  increaseWindow(amount) {
    if (this.protectedMaximum === 0) return;
    let quota = Math.min(amount, this.protectedMaximum);
    this.protectedMaximum -= quota;
    this.windowMaximum += quota;
    this.demoteFromProtected();
    while (quota > 0) {
      let slot = this.head[PROBATION];
      if (slot === NONE) slot = this.head[PROTECTED];
      if (slot === NONE) break;
      this.moveToMru(slot, WINDOW);
      quota--;
    }
    this.protectedMaximum += quota;
    this.windowMaximum -= quota;
  }

  /** Gives up to `amount` of the window (keeping ≥ the climber's minimum) to protected; moves window LRU entries to probation MRU. */
  decreaseWindow(amount) {
    const minimum = this.climber.minimumWindow;
    if (this.windowMaximum <= minimum) return;
    let quota = Math.min(amount, this.windowMaximum - minimum);
    this.protectedMaximum += quota;
    this.windowMaximum -= quota;
    while (quota > 0) {
      const slot = this.head[WINDOW];
      if (slot === NONE) break;
      this.moveToMru(slot, PROBATION);
      quota--;
    }
    this.protectedMaximum -= quota;
    this.windowMaximum += quota;
  }

  demoteFromProtected() {
    while (this.sizes[PROTECTED] > this.protectedMaximum) {
      this.moveToMru(this.head[PROTECTED], PROBATION);
    }
  }

  // ---- intrusive lists ----

  linkMru(slot, region) {
    this.region[slot] = region;
    const tail = this.tail[region];
    this.prev[slot] = tail;
    this.next[slot] = NONE;
    if (tail === NONE) this.head[region] = slot;
    else this.next[tail] = slot;
    this.tail[region] = slot;
    this.sizes[region]++;
  }

  unlink(slot) {
    const region = this.region[slot];
    const prev = this.prev[slot];
    const next = this.next[slot];
    if (prev === NONE) this.head[region] = next;
    else this.next[prev] = next;
    if (next === NONE) this.tail[region] = prev;
    else this.prev[next] = prev;
    this.sizes[region]--;
  }

  moveToMru(slot, region) {
    this.unlink(slot);
    this.linkMru(slot, region);
  }

  removeSlot(slot) {
    this.unlink(slot);
    this.slotOf.delete(this.keys[slot]);
    this.keys[slot] = undefined;
    this.free.push(slot);
  }
}
