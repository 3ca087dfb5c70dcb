import { describe, expect, it } from 'vitest';
import { decodeIntegrity, sha1FromResolvedUrl } from '../../src/readers/integrity.js';

describe('decodeIntegrity', () => {
  it('turns SRI base64 into lowercase hex, one hash per algorithm', () => {
    const ms =
      'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA== sha1-V0yBOM4dK1hh8LRFedut1gxmFbI=';
    expect(decodeIntegrity(ms)).toEqual({
      hashes: [
        {
          alg: 'SHA-512',
          content:
            'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394',
        },
        { alg: 'SHA-1', content: '574c8138ce1d2b5861f0b44579dbadd60c6615b2' },
      ],
      rejected: [],
    });
  });

  it('rejects unknown algorithms and digests of the wrong length', () => {
    expect(decodeIntegrity('md5-AAAA sha512-tooShort== sha256-!!')).toEqual({
      hashes: [],
      rejected: ['md5-AAAA', 'sha512-tooShort==', 'sha256-!!'],
    });
    expect(decodeIntegrity('')).toEqual({ hashes: [], rejected: [] });
  });

  it('reads the SHA-1 yarn classic appends to resolved URLs', () => {
    expect(
      sha1FromResolvedUrl(
        'https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#574C8138CE1D2B5861F0B44579DBADD60C6615B2',
      ),
    ).toEqual({
      alg: 'SHA-1',
      content: '574c8138ce1d2b5861f0b44579dbadd60c6615b2',
    });
    expect(sha1FromResolvedUrl('https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz')).toBeUndefined();
  });
});
