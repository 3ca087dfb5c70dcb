import { describe, expect, it } from 'vitest';
import { parseImagePin } from '@trailmark/core';

const DIGEST = `sha256:${'0f'.repeat(32)}`;

describe('parseImagePin', () => {
  it.each([
    [`ghcr.io/acme/shop@${DIGEST}`, 'ghcr.io/acme/shop', false],
    [`ghcr.io/acme/shop:1.4.2@${DIGEST}`, 'ghcr.io/acme/shop:1.4.2', false],
    [`localhost:5000/shop@${DIGEST}`, 'localhost:5000/shop', false],
    [`nginx@${DIGEST}`, 'nginx', false],
    [`ghcr.io/acme/shop=${DIGEST}`, 'ghcr.io/acme/shop', true],
    [`ghcr.io/acme/shop:1.4.2=${DIGEST}`, 'ghcr.io/acme/shop:1.4.2', true],
  ])('%s pins %s (deprecated form: %s)', (value, ref, deprecated) => {
    expect(parseImagePin(value)).toEqual({ ref, digest: DIGEST, deprecated });
  });

  it.each([
    'nginx=latest',
    'ghcr.io/acme/shop:1.4.2',
    `@${DIGEST}`,
    `=${DIGEST}`,
    'ghcr.io/acme/shop@sha256:abc',
    `ghcr.io/acme/shop@${DIGEST.toUpperCase()}`,
    `Not A Ref@${DIGEST}`,
    `a@${DIGEST}@${DIGEST}`,
  ])('refuses %s, naming it', (value) => {
    expect(() => parseImagePin(value)).toThrow(
      expect.objectContaining({
        code: 'INPUT_USAGE',
        message: `--image ${value}: expected REF@sha256:<64 hex>`,
      }),
    );
  });
});
