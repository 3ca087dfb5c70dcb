import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@trailmark/core';
import { itemOf } from './list-resource.js';
import type { ResourceInfo } from './resources.js';

/**
 * Secrets are watched as metadata only (`PartialObjectMetadata` events, as kube-apiserver serves
 * them), plain JSON being the fallback of a server that cannot; values are dropped on arrival too.
 */
export const METADATA_WATCH_ACCEPT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** What a {@link ResourceWatch} reports besides events. */
export interface StreamHooks {
  /** An object that could not be read (no name): skipped, reported. */
  onMalformed: (error: unknown) => void;
  /** A line arrived: the stream is alive (resets the backoff). */
  onAlive: () => void;
}

type Callback = (phase: string, object: unknown, raw?: unknown) => void;
type Done = (error: unknown) => void;

/**
 * client-node's `Watch`, as the `ListWatch` informer of one resource uses it, with what that Watch
 * lacks: the metadata-only `Accept` header for Secrets; each event's object made whole (`kind`,
 * `apiVersion`) with Secret values dropped before the informer's cache sees it; `timeoutSeconds`
 * and bookmarks asked for; a failure to even start the request (credentials) reported through
 * `done` instead of a rejection nobody awaits; no new request once closed; and, when streams
 * end again and again without an event, a growing pause before the next one.
 */
export class ResourceWatch extends Watch {
  private closed = false;

  /** Read through a call: `closed` changes while a request is being awaited. */
  private isClosed(): boolean {
    return this.closed;
  }
  private quickEnds = 0;
  private pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private current: { controller: AbortController; done: Done } | undefined;
  private connecting: Promise<unknown> = Promise.resolve();

  constructor(
    config: KubeConfig,
    private readonly resource: ResourceInfo,
    private readonly server: string,
    private readonly hooks: StreamHooks,
    private readonly timeoutSeconds: number,
  ) {
    super(resource.kind === 'Secret' ? withAccept(config, METADATA_WATCH_ACCEPT) : config);
  }

  override async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callback: Callback,
    done: Done,
  ): Promise<AbortController> {
    if (this.quickEnds > 1) await this.wait(Math.min(30_000, 250 * 2 ** this.quickEnds));
    if (this.closed) return aborted();
    const started = Date.now();
    let events = 0;
    let finished = false;
    const once: Done = (error) => {
      if (finished) return;
      finished = true;
      this.quickEnds =
        error === null && events === 0 && Date.now() - started < 1000 ? this.quickEnds + 1 : 0;
      done(error);
    };
    const params = { ...query, allowWatchBookmarks: true, timeoutSeconds: this.timeoutSeconds };
    try {
      const connecting = super.watch(
        path,
        params,
        (phase, object: unknown, raw) => {
          events++;
          this.hooks.onAlive();
          this.deliver(phase, object, raw, callback);
        },
        once,
      );
      this.connecting = connecting.catch(() => undefined);
      const controller = await connecting;
      // Closed while connecting: this request must not stay open.
      if (this.isClosed()) controller.abort();
      this.current = { controller, done: once };
      return controller;
    } catch (error) {
      once(error);
      return aborted();
    }
  }

  /** Ends the current stream as a 410 would: the informer lists again, then watches. */
  relist(): void {
    const current = this.current;
    current?.done({ statusCode: 410 });
    current?.controller.abort();
  }

  /** No new request from now on; a pending pause ends at once; resolves once none is open. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pause) {
      clearTimeout(this.pause.timer);
      this.pause.resolve();
    }
    this.current?.controller.abort();
    await this.connecting;
  }

  private deliver(phase: string, object: unknown, raw: unknown, callback: Callback): void {
    if (phase !== 'ADDED' && phase !== 'MODIFIED' && phase !== 'DELETED') {
      callback(phase, object, raw);
      return;
    }
    let whole: KubeObject;
    try {
      whole = itemOf(object, this.resource, this.server);
    } catch (error) {
      this.hooks.onMalformed(error);
      return;
    }
    callback(phase, whole);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.pause = {
        timer: setTimeout(() => {
          this.pause = undefined;
          resolve();
        }, ms),
        resolve,
      };
    });
  }
}

function aborted(): AbortController {
  const controller = new AbortController();
  controller.abort();
  return controller;
}

// The configuration with one more header on every watch request: client-node's Watch takes no
// headers of its own. Everything else (server, TLS, credentials) is the loaded configuration's.
function withAccept(config: KubeConfig, accept: string): KubeConfig {
  const delegate = Object.create(config) as KubeConfig;
  delegate.applyToFetchOptions = async (options) => {
    const init = await config.applyToFetchOptions(options);
    const headers = init.headers as { set?: (name: string, value: string) => void } | undefined;
    headers?.set?.('Accept', accept);
    return init;
  };
  return delegate;
}
