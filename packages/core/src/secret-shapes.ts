/**
 * Known shapes of secrets, each with what replaces it. A foreign error (git's stderr, an HTTP
 * body, a library's message) may quote any of them; trailmark never shows them.
 */
const SHAPES: readonly (readonly [RegExp, string])[] = [
  // PEM blocks (private keys above all), also when cut off before the END line.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, '[REDACTED PEM]'],
  // Credentials in URLs: scheme://user:password@host, scheme://token@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@'"]+@/gi, '$1[REDACTED]@'],
  // JWTs (OIDC identity tokens): a base64url JSON header `eyJ…`, and a lone payload part.
  [/\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g, '[REDACTED JWT]'],
  // GitHub tokens: personal (ghp_), OAuth (gho_), user-to-server (ghu_), server (ghs_), refresh
  // (ghr_) and fine-grained PATs.
  [/\bgh[pousr]_[A-Za-z0-9]{16,}/g, '[REDACTED TOKEN]'],
  [/\bgithub_pat_[A-Za-z0-9_]{16,}/g, '[REDACTED TOKEN]'],
  // Authorization header values and their schemes.
  [/\b(authorization"?\s*[:=]\s*"?)[^\s",}]+(?:[ \t]+[^\s",}]+)?/gi, '$1[REDACTED]'],
  [/\b(bearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]'],
  // Basic credentials are base64: a digit or `+/=` tells them from prose ("Basic constraints").
  [/\b(basic[ \t]+)(?=[A-Za-z0-9+/=]*[0-9+/=])[A-Za-z0-9+/=]{8,}/gi, '$1[REDACTED]'],
];

/**
 * `text` with every known secret shape replaced — PEM blocks, JWTs, GitHub tokens (`ghp_`, `ghs_`,
 * `gho_`, `github_pat_`, …), `Bearer`/`Basic` credentials and `Authorization` values, and
 * `user:password@` in URLs — and with every exact `secrets` value (at least 4 characters) replaced
 * by `[REDACTED]`.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  return out;
}
