import { describe, expect, it } from 'vitest';
import { createBomValidator } from '../src/index.js';

// The precompiled validators rule duplicates out by signature before ajv's pairwise deep-equal
// (packages/cli/scripts/build-validators.mjs): what they report must be what ajv reports.
const component = (ref: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'library',
  'bom-ref': ref,
  name: ref,
  version: '1.0.0',
  licenses: [{ license: { id: 'MIT' } }],
  properties: [{ name: 'trailmark:source', value: `package-lock.json#L${ref.length}` }],
  ...extra,
});

const bom = (components: unknown[]): string =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components });

describe('uniqueItems in the precompiled CycloneDX validators', () => {
  it('finds identical items however their keys are ordered', async () => {
    const first = component('a');
    const reordered = Object.fromEntries(Object.entries(first).reverse());
    const issues = await createBomValidator('1.6')(bom([first, component('b'), reordered]));
    expect(issues).toEqual([
      expect.objectContaining({
        pointer: '/components',
        message: expect.stringContaining('must NOT have duplicate items') as unknown,
      }),
    ]);
  });

  it('finds identical items in a nested list (two equal subcomponents)', async () => {
    const components = [component('s'), component('s')];
    const issues = await createBomValidator('1.6')(bom([component('a', { components })]));
    expect(issues.map((issue) => issue.pointer)).toEqual(['/components/0/components']);
  });

  it('accepts items that differ only below the signature depth', async () => {
    // Equal bom-ref, name and version: the two differ only in a property value, three levels
    // down, so their signatures are equal and the pairwise check decides: not duplicates.
    const one = component('a');
    const other = component('a', {
      properties: [{ name: 'trailmark:source', value: 'other/package-lock.json#L9' }],
    });
    const nested = (value: string): Record<string, unknown> =>
      component('n', { licenses: [{ license: { name: 'Custom', text: { content: value } } }] });
    for (const spec of ['1.5', '1.6', '1.7']) {
      const json = bom([one, other, nested('x'), nested('y')]).replace('"1.6"', `"${spec}"`);
      expect(await createBomValidator(spec)(json)).toEqual([]);
    }
  });
});
