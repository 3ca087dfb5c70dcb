#!/usr/bin/env node
// The repository's launcher (node_modules/.bin/trailmark): runs the bundled npm package that
// `pnpm run build` writes to packages/cli/pkg (packages/cli/scripts/build.mjs).
import '../pkg/dist/trailmark.js';
