// The suites, in the order they run: the one list to extend.
//
// A module suite (`module`) is a file in bench/ exporting
//   title                        a one-line title
//   jobs({ full }) -> job[]      in the runner; each job is JSON with `lib` (and anything else)
//   run(job) -> result           in a child process of its own (bench/worker.mjs), `job.resources`
//                                set when the library has a setup() (see bench/registry.mjs)
//   summarize(results, { full }) -> { md, data, losses?, charts?: [{ file, svg }], headline? }
//   available?() -> { reason, install } | undefined   when it needs something the machine may lack
// Pick libraries with `libraries(capability)` from bench/registry.mjs, so that a new file in
// bench/libraries/ joins every suite it fits. A suite with no jobs is skipped with one line.
//
// A script suite (`script`) is a standalone program run as a child process if the file exists:
//   node <script> [--full] --out=<run dir>/<name>
// printing a markdown report on stdout and progress on stderr; what it writes under --out= is
// kept with the run (and copied to bench/results/<name>/ by --publish).

export const SUITES = [
  { name: 'seed', module: './seed.mjs' },
  { name: 'scaling', module: './scaling.mjs' },
  { name: 'getset', module: './getset.mjs' },
  { name: 'memory', module: './memory.mjs' },
  { name: 'mixed', module: './mixed.mjs' },
  { name: 'trace', module: './trace.mjs' },
  { name: 'invalidation', module: './invalidation.mjs' },
  { name: 'sync', module: './sync.mjs' },
  { name: 'tiered', title: 'TieredCache (L1 + Redis L2) against BentoCache 1.6', script: './tiered.mjs' },
  {
    name: 'hitratio',
    title: 'Hit ratio on recorded and synthetic traces',
    script: './hitratio/run.mjs',
    install: 'bench/hitratio/ is not in this checkout yet',
  },
  // A suite over Redis that compares libraries uses those with the `async` capability (their
  // setup() starts redis-server), as sync.mjs does with BentoCache.
];
