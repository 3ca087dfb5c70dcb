import { describe, expect, it } from 'vitest';
import type { Subject } from '@trailmark/core';
import {
  AttestError,
  normalizeSubjects,
  subjectFromFile,
  subjectFromImage,
} from '@trailmark/attest';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C512 = 'c'.repeat(128);

function attestError(run: () => unknown): AttestError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AttestError);
    return err as AttestError;
  }
  throw new Error('expected an AttestError');
}

describe('normalizeSubjects', () => {
  it.each<[string, Subject[], RegExp]>([
    ['no subjects', [], /at least one subject/],
    ['an empty name', [{ name: '', digest: { sha256: A } }], /empty name/],
    ['a blank name', [{ name: '  ', digest: { sha256: A } }], /empty name/],
    ['no digest', [{ name: 'app', digest: {} }], /subject "app" has no digest/],
    [
      'only undefined digests',
      [{ name: 'app', digest: { sha256: undefined } }],
      /subject "app" has no digest/,
    ],
    [
      'an unknown algorithm',
      [{ name: 'app', digest: { md5: 'd41d8cd98f00b204e9800998ecf8427e' } as Subject['digest'] }],
      /subject "app": digest algorithm "md5" is not accepted/,
    ],
    [
      'uppercase sha256',
      [{ name: 'app', digest: { sha256: A.toUpperCase() } }],
      new RegExp(`subject "app": sha256 digest "${A.toUpperCase()}" has uppercase hex`),
    ],
    [
      'a short sha256',
      [{ name: 'app', digest: { sha256: 'abc' } }],
      /subject "app": sha256 digest "abc" is not 64 lowercase hex characters/,
    ],
    [
      'a sha512 as sha256',
      [{ name: 'app', digest: { sha256: C512 } }],
      /sha256 digest "c+" is not 64 lowercase hex/,
    ],
    [
      'a sha256 as sha512',
      [{ name: 'app', digest: { sha512: A } }],
      /sha512 digest "a+" is not 128 lowercase hex/,
    ],
    [
      'uppercase sha512',
      [{ name: 'app', digest: { sha512: C512.toUpperCase() } }],
      /sha512 digest "C+" has uppercase hex/,
    ],
    ['non-hex', [{ name: 'app', digest: { sha256: 'g'.repeat(64) } }], /is not 64 lowercase hex/],
    [
      'a prefixed digest',
      [{ name: 'app', digest: { sha256: `sha256:${A}` } }],
      /is not 64 lowercase hex/,
    ],
    [
      'a non-string digest',
      [{ name: 'app', digest: { sha256: 42 as unknown as string } }],
      /sha256 digest "42"/,
    ],
    [
      'conflicting duplicates',
      [
        { name: 'app', digest: { sha256: A } },
        { name: 'app', digest: { sha256: B } },
      ],
      new RegExp(`subject "app" is listed twice with different sha256 digests: ${A} and ${B}`),
    ],
  ])('rejects %s', (_, subjects, message) => {
    const err = attestError(() => normalizeSubjects(subjects));
    expect(err.code).toBe('ATTEST_INVALID_SUBJECT');
    expect(err.message).toMatch(message);
  });

  it('sorts by name and writes digests sha256 first', () => {
    const subjects = normalizeSubjects([
      { name: 'b.yaml', digest: { sha512: C512, sha256: B } },
      { name: 'B.yaml', digest: { sha256: A } },
      { name: 'a.yaml', digest: { sha256: A } },
    ]);
    expect(JSON.stringify(subjects)).toBe(
      `[{"name":"B.yaml","digest":{"sha256":"${A}"}},{"name":"a.yaml","digest":{"sha256":"${A}"}},{"name":"b.yaml","digest":{"sha256":"${B}","sha512":"${C512}"}}]`,
    );
  });

  it('merges duplicates whose digests agree, uniting their algorithms', () => {
    const subjects = normalizeSubjects([
      { name: 'app', digest: { sha256: A } },
      { name: 'app', digest: { sha256: A } },
      { name: 'app', digest: { sha512: C512 } },
    ]);
    expect(subjects).toEqual([{ name: 'app', digest: { sha256: A, sha512: C512 } }]);
  });

  it('keeps two names with the same digest (in-toto matches by digest; names are labels)', () => {
    expect(
      normalizeSubjects([
        { name: 'x', digest: { sha256: A } },
        { name: 'y', digest: { sha256: A } },
      ]),
    ).toHaveLength(2);
  });

  it('does not alias the input', () => {
    const input: Subject[] = [{ name: 'app', digest: { sha256: A } }];
    const [output] = normalizeSubjects(input);
    expect(output).not.toBe(input[0]);
    expect(output?.digest).not.toBe(input[0]?.digest);
  });
});

describe('subjectFromImage', () => {
  it.each([
    [`ghcr.io/acme/shop:3.8.1@sha256:${A}`, 'ghcr.io/acme/shop'],
    [`ghcr.io/acme/shop@sha256:${A}`, 'ghcr.io/acme/shop'],
    [`nginx@sha256:${A}`, 'index.docker.io/library/nginx'],
    [`bitnami/redis:7.2.3@sha256:${A}`, 'index.docker.io/bitnami/redis'],
    [`docker.io/bitnami/redis@sha256:${A}`, 'index.docker.io/bitnami/redis'],
    [`index.docker.io/bitnami/redis@sha256:${A}`, 'index.docker.io/bitnami/redis'],
    [`localhost:5000/team/app:dev@sha256:${A}`, 'localhost:5000/team/app'],
    [`Registry.Example.com:8443/team/app@sha256:${A}`, 'registry.example.com:8443/team/app'],
  ])('%s → %s', (ref, name) => {
    expect(subjectFromImage(ref)).toEqual({ name, digest: { sha256: A } });
  });

  it.each([
    ['ghcr.io/acme/shop:3.8.1', /needs a sha256 digest/],
    [`ghcr.io/acme/shop@sha512:${C512}`, /needs a sha256 digest/],
    [
      `ghcr.io/acme/shop@sha256:${A.toUpperCase()}`,
      /subject "ghcr.io\/acme\/shop": sha256 digest "A+" has uppercase hex/,
    ],
  ])('rejects %s', (ref, message) => {
    const err = attestError(() => subjectFromImage(ref));
    expect(err.code).toBe('ATTEST_INVALID_SUBJECT');
    expect(err.message).toMatch(message);
  });

  it('wraps an unparsable reference and keeps the cause', () => {
    const err = attestError(() => subjectFromImage('ghcr.io/Acme/Shop@sha256:xyz'));
    expect(err.message).toBe('image "ghcr.io/Acme/Shop@sha256:xyz" is not a valid image reference');
    expect((err.cause as { code?: string }).code).toBe('CORE_INVALID_IMAGE_REF');
  });
});

describe('subjectFromFile', () => {
  it('names the file and carries its sha256', () => {
    expect(subjectFromFile('rendered/shop.yaml', A)).toEqual({
      name: 'rendered/shop.yaml',
      digest: { sha256: A },
    });
  });

  it('rejects a digest with its algorithm prefix', () => {
    expect(() => subjectFromFile('shop.yaml', `sha256:${A}`)).toThrow(
      /subject "shop.yaml": sha256 digest "sha256:a+" is not 64 lowercase hex/,
    );
  });
});
