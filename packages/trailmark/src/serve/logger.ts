import { pino, type DestinationStream, type Logger } from 'pino';

/** Header values never logged: the bearer token, the request signature, cookies. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-trailmark-signature-256"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-trailmark-signature-256"]',
];

/**
 * serve's structured JSON log (pino) on `destination` (default stderr: stdout is for results).
 * Secrets never reach it: authorization and signature headers are redacted, and messages are built
 * from our own text with secret values scrubbed by the callers (`scrubSecrets`).
 */
export function createServeLogger(destination?: DestinationStream, level = 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'trailmark-serve' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 2, sync: false }),
  );
}
