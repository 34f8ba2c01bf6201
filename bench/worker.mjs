// Child process entry: runs one job of one suite and sends the result to the
// runner. One library per process, so libraries share neither JIT feedback
// (call sites stay monomorphic) nor a GC heap. Started with --expose-gc.
//
// Usage (by bench/index.mjs only): node --expose-gc bench/worker.mjs <suite module, e.g. ./seed.mjs> <job JSON>

const [suiteModule, jobJson] = process.argv.slice(2);

function send(message) {
  return new Promise((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else {
      process.stderr.write(`${JSON.stringify(message)}\n`);
      resolve();
    }
  });
}

try {
  const job = JSON.parse(jobJson);
  if (job.resources !== undefined) (await import('./registry.mjs')).provideResources(job.resources);
  const suite = await import(new URL(suiteModule, import.meta.url));
  const result = await suite.run(job);
  await send({ result });
  process.exit(0);
} catch (error) {
  await send({ error: String(error?.stack ?? error) });
  process.exit(1);
}
