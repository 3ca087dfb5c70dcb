import { TrailmarkError, type InputErrorCode } from '@trailmark/core';

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
