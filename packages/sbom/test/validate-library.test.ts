import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import * as Validation from '@cyclonedx/cyclonedx-library/Validation';
import { describe, expect, it } from 'vitest';
import { validate as validate15 } from '../src/generated/bom-1.5.js';
import { validate as validate16 } from '../src/generated/bom-1.6.js';
import { validate as validate17 } from '../src/generated/bom-1.7.js';

// The precompiled validators are ajv standalone code made leaner at build time (schema constants
// cut to the members the code reads, the SPDX id enum looked up in a Set):
// packages/cli/scripts/build-validators.mjs. Whatever they decide and report must be exactly what
// the CycloneDX library's own strict validator (ajv compiling the schema at run time) reports.
const VERSIONS = [
  { spec: '1.5', version: Spec.Version.v1dot5, validate: validate15 },
  { spec: '1.6', version: Spec.Version.v1dot6, validate: validate16 },
  { spec: '1.7', version: Spec.Version.v1dot7, validate: validate17 },
];

type Doc = Record<string, unknown> & { components: Record<string, unknown>[] };

const base = (spec: string): Doc => ({
  bomFormat: 'CycloneDX',
  specVersion: spec,
  version: 1,
  metadata: { component: { type: 'application', name: 'app', 'bom-ref': 'app' } },
  components: [
    {
      type: 'library',
      'bom-ref': 'pkg:npm/a@1.0.0',
      name: 'a',
      version: '1.0.0',
      purl: 'pkg:npm/a@1.0.0',
      licenses: [{ license: { id: 'MIT' } }, { license: { name: 'Custom' } }],
      hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
      properties: [{ name: 'trailmark:source', value: 'package-lock.json#L7' }],
    },
    { type: 'library', 'bom-ref': 'b', name: 'b', licenses: [{ expression: 'MIT OR 0BSD' }] },
  ],
  dependencies: [{ ref: 'app', dependsOn: ['pkg:npm/a@1.0.0', 'b'] }],
});

const first = (doc: Doc): Record<string, unknown> => doc.components[0] as Record<string, unknown>;

const CASES: Record<string, (doc: Doc) => void> = {
  valid: () => undefined,
  'an SPDX id that is not one': (doc) => {
    first(doc).licenses = [{ license: { id: 'NOT-A-LICENSE' } }];
  },
  'an SPDX id of the wrong type': (doc) => {
    first(doc).licenses = [{ license: { id: 7 } }];
  },
  'the last SPDX id of the list': (doc) => {
    first(doc).licenses = [{ license: { id: 'ZPL-2.1' } }];
  },
  'an id and a name': (doc) => {
    first(doc).licenses = [{ license: { id: 'MIT', name: 'MIT' } }];
  },
  'an unknown component type (enum)': (doc) => {
    first(doc).type = 'gadget';
  },
  'an unknown member (additionalProperties)': (doc) => {
    first(doc).colour = 'red';
  },
  'an unknown top-level member': (doc) => {
    doc.colour = 'red';
  },
  'an unknown hash algorithm': (doc) => {
    first(doc).hashes = [{ alg: 'MD9', content: 'ab' }];
  },
  'a wrong bomFormat': (doc) => {
    doc.bomFormat = 'SPDX';
  },
  'duplicate components': (doc) => {
    doc.components.push(structuredClone(first(doc)));
  },
  'an unknown external reference type': (doc) => {
    first(doc).externalReferences = [{ type: 'elsewhere', url: 'https://example.com' }];
  },
  'an unknown lifecycle phase': (doc) => {
    doc.metadata = { lifecycles: [{ phase: 'someday' }] };
  },
  'an unknown crypto asset type': (doc) => {
    first(doc).cryptoProperties = { assetType: 'spell' };
  },
};

describe('precompiled CycloneDX validators against the library validator', () => {
  for (const { spec, version, validate } of VERSIONS) {
    it(`CycloneDX ${spec}: same verdict and same errors for each document`, async () => {
      const library = new Validation.JsonStrictValidator(version);
      for (const [name, change] of Object.entries(CASES)) {
        const doc = base(spec);
        change(doc);
        const expected: unknown = await library.validate(JSON.stringify(doc));
        const valid: boolean = validate(structuredClone(doc));
        expect({ name, valid, errors: valid ? null : (validate.errors as unknown) }).toEqual({
          name,
          valid: expected === null,
          errors: expected,
        });
      }
    });
  }
});
