#!/usr/bin/env node
// kubectl plugin launcher (`kubectl trailmark …`): runs the bundled npm package's entry
// (packages/cli/pkg, written by `pnpm run build`).
import '../pkg/dist/kubectl-trailmark.js';
