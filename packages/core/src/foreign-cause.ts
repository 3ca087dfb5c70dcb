import { TrailmarkError } from './error.js';
import { scrubSecrets } from './secret-shapes.js';

/** How deep a cause chain is copied; deeper links are dropped. */
const MAX_DEPTH = 8;

/** Held by this module only: nothing else can construct a {@link ForeignCause}. */
const ONLY_HERE: unique symbol = Symbol('foreignCause');

/**
 * A copy of an error that trailmark did not make (a library's, Node's, a child process's), kept
 * as the `cause` of a {@link TrailmarkError}: its name, message and stack with every secret
 * scrubbed, its `code` and HTTP `status`, and its own (scrubbed) cause — nothing else. Properties
 * such as `stderr`, `cmd`, `request`, `response` or `headers`, which may quote credentials, are
 * dropped. Only {@link foreignCause} makes one.
 */
export class ForeignCause extends Error {
  /** The original's `code` (`ENOENT`, an exit status, …), when it was a string or number. */
  readonly code: string | number | undefined;
  /** The original's HTTP `status` / `statusCode`, when it had one. */
  readonly status: number | undefined;

  /** Not callable from outside this module: use {@link foreignCause}. */
  constructor(
    key: typeof ONLY_HERE,
    name: string,
    message: string,
    fields: { code?: string | number; status?: number; cause?: TrailmarkError | ForeignCause },
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    if (key !== ONLY_HERE) throw new TypeError('ForeignCause is made by foreignCause() only');
    this.name = name;
    this.code = fields.code;
    this.status = fields.status;
  }
}

/**
 * The ONLY way to attach a cause to a {@link TrailmarkError} (`{ cause: foreignCause(err) }`):
 * a trailmark error is kept as it is (its message never holds a secret, and its own cause went
 * through here), anything else becomes a {@link ForeignCause} — a scrubbed copy that keeps name,
 * message, stack, `code`, HTTP status and the cause chain, with every known secret shape (see
 * `scrubSecrets`) and every exact value in `secrets` (e.g. the identity token in use) replaced.
 * `undefined` (no cause) stays `undefined`.
 */
export function foreignCause(
  error: unknown,
  secrets: readonly string[] = [],
): TrailmarkError | ForeignCause | undefined {
  return error === undefined ? undefined : toCause(error, secrets, 0);
}

function toCause(
  error: unknown,
  secrets: readonly string[],
  depth: number,
): TrailmarkError | ForeignCause {
  if (error instanceof TrailmarkError) return error;
  if (error instanceof ForeignCause && secrets.length === 0) return error;
  if (!(error instanceof Error)) {
    const text = typeof error === 'string' ? scrubSecrets(error, secrets) : '[non-error value]';
    return new ForeignCause(ONLY_HERE, 'Error', text, {});
  }
  const record = error as unknown as Record<string, unknown>;
  const code = record.code;
  const status = record.status ?? record.statusCode;
  const cause =
    depth < MAX_DEPTH && error.cause !== undefined
      ? toCause(error.cause, secrets, depth + 1)
      : undefined;
  const copy = new ForeignCause(
    ONLY_HERE,
    scrubSecrets(error.name, secrets),
    scrubSecrets(error.message, secrets),
    {
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(typeof status === 'number' ? { status } : {}),
      ...(cause === undefined ? {} : { cause }),
    },
  );
  copy.stack = scrubSecrets(error.stack ?? '', secrets);
  return copy;
}
