import { describe, expect, it } from 'vitest';
import { VerifyError, parseBundle } from '../src/index.js';
import { readFixture, readJson } from './helpers/fixtures.js';

type Json = Record<string, unknown>;

describe('parseBundle', () => {
  it.each([
    [
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
      'sigstore-js-bundles/bundleV01-dsse-no-proof.sigstore',
    ],
    [
      'application/vnd.dev.sigstore.bundle+json;version=0.2',
      'sigstore-js-bundles/bundleV02-dsse.sigstore',
    ],
    [
      'application/vnd.dev.sigstore.bundle+json;version=0.3',
      'sigstore-js-bundles/bundleV03-dsse.sigstore',
    ],
    [
      'application/vnd.dev.sigstore.bundle.v0.3+json',
      'sigstore-js-bundles/bundleV03-intoto.sigstore',
    ],
  ])('reads %s, from text or from a value', (mediaType, path) => {
    expect(parseBundle(readFixture(path)).mediaType).toBe(mediaType);
    expect(parseBundle(readJson(path)).mediaType).toBe(mediaType);
  });

  it.each([
    ['application/vnd.dev.sigstore.bundle.v0.4+json'],
    ['application/vnd.dev.sigstore.bundle+json;version=0.9'],
    ['application/vnd.dev.sigstore.bundle.v0.3+json; charset=utf-8'],
  ])('refuses the media type %s, which @sigstore/bundle would let through', (mediaType) => {
    const json = readJson('sigstore-js-bundles/bundleV03-intoto.sigstore');
    json.mediaType = mediaType;
    expect(() => parseBundle(json)).toThrow(/unsupported mediaType/);
  });

  it('refuses a DSSE envelope with two signatures', () => {
    const json = readJson('sigstore-js-bundles/bundleV03-dsse.sigstore');
    const signatures = (json.dsseEnvelope as Json).signatures as Json[];
    signatures.push(signatures[0]!);
    expect(() => parseBundle(json)).toThrow(/content\.dsseEnvelope\.signatures/);
  });

  it('refuses a v0.3 bundle with a certificate chain', () => {
    const json = readJson('sigstore-js-bundles/bundleV02-dsse.sigstore');
    json.mediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
    expect(() => parseBundle(json)).toThrow(/verificationMaterial\.content\.\$case/);
  });

  it.each([
    [
      'truncated JSON text',
      '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"',
      /bundle is not valid JSON/,
    ],
    ['empty text', '', /bundle is not valid JSON/],
    ['an array', [], /bundle is not a JSON object \(got an array\)/],
    ['null', null, /got null/],
    ['a number', 3, /got number/],
    ['an object without a media type', {}, /bundle has no mediaType/],
    [
      'a bundle without content',
      { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
      /bundle fails invalid bundle: content, verificationMaterial/,
    ],
  ])('throws VERIFY_INVALID_BUNDLE for %s', (_, json, message) => {
    expect(() => parseBundle(json)).toThrow(message);
    expect(() => parseBundle(json)).toThrow(
      expect.objectContaining({ code: 'VERIFY_INVALID_BUNDLE' }) as VerifyError,
    );
  });

  it('keeps the cause when wrapping', () => {
    try {
      parseBundle('{');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(VerifyError);
      // Kept as a scrubbed copy that names the original class.
      expect((err as VerifyError).cause).toMatchObject({ name: 'SyntaxError' });
    }
  });
});
