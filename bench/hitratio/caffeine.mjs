// Caffeine through Java: compiles CaffeineReplay.java into a temporary directory (no .class file is
// committed) against Debian's libcaffeine-java, and replays traces with it.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const JAR_DIR = process.env.TAGLRU_CAFFEINE_JAR_DIR ?? '/usr/share/java';

function findJar() {
  let names;
  try {
    names = readdirSync(JAR_DIR).filter((name) => /^caffeine.*\.jar$/.test(name));
  } catch {
    return undefined;
  }
  const name = names.includes('caffeine.jar') ? 'caffeine.jar' : names.sort().at(-1);
  return name && join(JAR_DIR, name);
}

function works(command) {
  try {
    execFileSync(command, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Prepares the replayer. Returns { version, replay(keys, sizes) => Promise<number[]>, close() }, or
 * a string saying why Caffeine is skipped.
 */
export function openCaffeine() {
  const jar = findJar();
  if (!jar) return `no ${JAR_DIR}/caffeine*.jar (apt-get install libcaffeine-java)`;
  if (!works('java') || !works('javac')) return 'no java/javac on PATH';
  const version = /caffeine-([\d.]+)\.jar$/.exec(basename(realpathSync(jar)))?.[1] ?? 'unknown version';
  const dir = mkdtempSync(join(tmpdir(), 'taglru-caffeine-'));
  execFileSync('javac', ['-d', dir, '-cp', jar, join(here, 'CaffeineReplay.java')], { stdio: 'pipe' });
  let files = 0;
  return {
    version,
    /** Replays big-endian int32 keys at each size; resolves to hit ratios in percent. */
    replay(keys, sizes) {
      const file = join(dir, `trace-${files++}.bin`);
      const bytes = Buffer.alloc(keys.length * 4);
      for (let i = 0; i < keys.length; i++) bytes.writeInt32BE(keys[i], i * 4);
      writeFileSync(file, bytes);
      return new Promise((resolve, reject) => {
        execFile('java', ['-Xmx512m', '-cp', `${jar}:${dir}`, 'CaffeineReplay', file, ...sizes.map(String)], (error, stdout) => {
          if (error) reject(error);
          else resolve(stdout.trim().split('\n').map(Number));
        });
      });
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
