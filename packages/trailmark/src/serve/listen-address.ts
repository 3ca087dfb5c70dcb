import { TrailmarkError, foreignCause, type InputErrorCode } from '@trailmark/core';
import type { FastifyInstance } from 'fastify';
import { ServeError } from './error.js';

/** `HOST:PORT` → host and port (`[::1]:8080` for IPv6). */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (host === undefined || !Number.isInteger(port) || port > 65_535)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      `serve: --listen ${listen}: expected HOST:PORT, e.g. 127.0.0.1:8080`,
    );
  return { host, port };
}

/** Listens (`SERVE_LISTEN`, exit 2, when the address is in use or not this machine's); the URL. */
export async function listen(
  app: FastifyInstance,
  address: { host: string; port: number },
  shown: string,
): Promise<string> {
  await app.listen(address).catch((error: unknown) => {
    throw new ServeError('SERVE_LISTEN', `serve: cannot listen on ${shown}`, {
      cause: foreignCause(error),
    });
  });
  return listeningUrl(address.host, app.server.address(), address.port);
}

function listeningUrl(host: string, bound: unknown, fallback: number): string {
  const port =
    typeof bound === 'object' && bound !== null ? (bound as { port: number }).port : fallback;
  return `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
}
