// Debian's headless Chromium for the browser tests (test tools cannot download
// browsers here), launched without background traffic: this machine's closed
// network refuses Chromium's own connections, many at a time.
import { type BrowserContext, chromium } from 'playwright-core';

/** Where Debian's chromium package puts the browser (`apt-get install -y chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags of every launch: headless as root, no GPU, no QUIC, no first-run or background network work. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile in `userDataDir`; `options` add to (or override) the defaults. */
export function launchChromium(
  userDataDir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...options });
}
