#!/bin/sh
# Run in a container build stage after `npm prune --omit=dev -w <workspace…>`: turns node_modules into what the
# runtime image needs. Workspace links become plain copies of the library's build (the image has no workspaces);
# type declarations, source maps, docs and OpenTelemetry's ESM builds go (the services load the CommonJS builds).
set -eu
find node_modules -maxdepth 1 -type l -delete
rm -rf node_modules/@redis-lens && mkdir -p node_modules/@redis-lens/instrument
cp -r instrument/package.json instrument/dist node_modules/@redis-lens/instrument/
find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete
find node_modules/@opentelemetry -type d \( -path '*/build/esm' -o -path '*/build/esnext' \) -prune -exec rm -rf {} +
find node_modules -type d -empty -delete
