#!/usr/bin/env node
// kubectl plugin launcher (`kubectl trailmark …`); the real entry is dist/kubectl-bin.js.
import '../dist/kubectl-bin.js';
