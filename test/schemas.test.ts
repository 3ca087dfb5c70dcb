import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR, schemaValidator, type SchemaName } from '@trailmark/trailmark';

const NAMES: SchemaName[] = [
  'origin-records.v1',
  'provenance-annotation.v1',
  'deployment-origin.v1',
  'in-toto-statement.v1',
  'slsa-provenance.v1',
  'verify-report.v1',
  'cluster-snapshot.v1',
  'verify-policy.v1',
  'incident.v1',
  'trace-result.v1',
  'serve-config.v1',
];

describe.each(NAMES)('schema %s', (name) => {
  const dir = join(SCHEMAS_DIR, 'examples', name);
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const validate = schemaValidator(name);

  it('has valid and invalid examples', () => {
    expect(files.some((file) => file.startsWith('valid-'))).toBe(true);
    expect(files.some((file) => file.startsWith('invalid-'))).toBe(true);
  });

  it.each(files)('%s', (file) => {
    const issues = validate(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (file.startsWith('valid-')) expect(issues).toEqual([]);
    else expect(issues.length).toBeGreaterThan(0);
  });
});
