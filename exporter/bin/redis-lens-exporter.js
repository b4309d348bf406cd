#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=10 --v8-pool-size=1
// The package bin: a committed shim, so npm can link it before `prepare` has compiled dist/.
// Memory flags, each measured in bench/exporter (peak RSS under back-to-back scrapes; the live heap is ~8 MB):
// --max-semi-space-size=2 (MB): V8 otherwise grows the young generation to 2 × 16 MB.
// --heap-growing-percent=10: the old generation grows 10 % past the live heap before a full GC, not 3-4×; the
//   garbage each scrape promotes is collected at ~24 MB of heap instead of ~39 MB, for a few ms of marking.
// --v8-pool-size=1: one V8 worker thread (GC and compile tasks) instead of four; an exporter does little of either.
require('../dist/cli.js').runCli();
