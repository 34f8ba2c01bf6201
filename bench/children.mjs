// Child processes of the runner: a suite job in bench/worker.mjs, or a script
// suite. Their stderr is passed through; when a child says nothing for a few
// seconds the runner prints a line of its own, so a run never looks hung.

import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const QUIET_MS = 5000;
let lastOutput = performance.now();

/** A progress line on stderr. */
export function log(message) {
  process.stderr.write(`${message}\n`);
  lastOutput = performance.now();
}

function passThrough(stream) {
  stream.on('data', (chunk) => {
    process.stderr.write(chunk);
    lastOutput = performance.now();
  });
}

/** Prints "still running" when nothing was printed for QUIET_MS; returns the stopper. */
function heartbeat(label) {
  const t0 = performance.now();
  const timer = setInterval(() => {
    if (performance.now() - lastOutput >= QUIET_MS)
      log(`    … ${label}: still running (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }, 1000);
  return () => clearInterval(timer);
}

/** Runs one job of a module suite in its own process; resolves to its result or to { failed }. */
export function runJob(suiteModule, job, { timeoutMs, label }) {
  return new Promise((resolve) => {
    const child = fork(WORKER, [suiteModule, JSON.stringify(job)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    passThrough(child.stdout);
    passThrough(child.stderr);
    const stopBeat = heartbeat(label);
    let message;
    const timer = setTimeout(() => {
      message = { error: `timed out after ${timeoutMs / 1000} s` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => {
      message ??= m;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      stopBeat();
      if (message?.result) resolve(message.result);
      else {
        const reason = message?.error ?? `child exited with ${signal ?? `code ${code}`}`;
        log(`    ! ${label}: ${reason.split('\n')[0]}`);
        resolve({ ...job, failed: `crashed: ${reason.split('\n')[0]}`, crash: reason });
      }
    });
  });
}

/** Runs a script suite: resolves to { stdout, code, failed? }. */
export function runScript(path, args, { timeoutMs, label }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    passThrough(child.stderr);
    const stopBeat = heartbeat(label);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      stopBeat();
      const failed = timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : code === 0
          ? undefined
          : `exited with ${signal ?? `code ${code}`}`;
      resolve({ stdout: stdout.trim(), code, ...(failed && { failed }) });
    });
  });
}
