#!/usr/bin/env -S node --max-semi-space-size=2
// The package bin: a committed shim, so npm can link it before `prepare` has compiled dist/.
// --max-semi-space-size=2 (MB): V8 otherwise grows the young generation to 2 × 16 MB under back-to-back scrapes,
// a third of the exporter's peak RSS; at 2 MB the scavenges cost no measurable CPU per scrape (bench/exporter).
require('../dist/cli.js').runCli();
