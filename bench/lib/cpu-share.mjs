// CPU time of the bench's two processes during one phase: the load generator (this process:
// autocannon and the fake GitHub API) and the server (a child, read from /proc on Linux).
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function childCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Runs `phase()` and returns its result with `cpu`: the milliseconds of CPU this process and the
 * server `pid` used meanwhile, each as a share of one core over the phase's wall time.
 */
export async function withCpuShare(pid, phase) {
  const wall = performance.now();
  const own = process.cpuUsage();
  const server = childCpuMs(pid);
  const result = await phase();
  const ms = performance.now() - wall;
  const used = process.cpuUsage(own);
  const generatorMs = (used.user + used.system) / 1000;
  const serverEnd = childCpuMs(pid);
  const serverMs = server === undefined || serverEnd === undefined ? undefined : serverEnd - server;
  const share = (value) => (value === undefined ? undefined : Math.round((value / ms) * 100) / 100);
  return {
    result,
    cpu: {
      wallMs: Math.round(ms),
      generatorCores: share(generatorMs),
      serverCores: share(serverMs),
    },
  };
}
