#!/usr/bin/env node
// The package bin: a committed shim, so npm can link it before `prepare` has compiled dist/.
require('../dist/cli.js').runCli();
