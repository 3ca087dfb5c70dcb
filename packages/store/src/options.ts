/** Options of `openOutbox`; each applies to one kind of store and is ignored by the other. */
export interface OpenOutboxOptions {
  /** SQLite: how long a statement waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /**
   * SQLite: `normal` (default) makes a commit durable across a crash of the process (SIGKILL,
   * OOM); `full` also across a power loss or kernel crash, at the cost of an fsync per commit.
   */
  sqliteSynchronous?: 'normal' | 'full';
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a connection, in ms (default 5000). */
  connectTimeoutMs?: number;
}
