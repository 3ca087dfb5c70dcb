import { parseDocument } from 'yaml';

const FILENAME = 'postrenderer.helm.sh/postrender-filename';

/**
 * Turns a Helm 3 `helm template` stream into what Helm 4 hands a post-renderer (specs.md §6.3): no
 * `# Source:` comments, the source file in the `postrenderer.helm.sh/postrender-filename`
 * annotation of every document, documents grouped by file with files sorted by name. Documents
 * without a Source (Helm 2 inherits the previous one) get the last Source seen; documents before
 * any Source are dropped (Helm 4 only post-renders chart output).
 */
export function toHelm4Stream(helm3: string): string {
  const byFile = new Map<string, string[]>();
  let current: string | undefined;
  for (const chunk of helm3.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim();
    if (source !== undefined) current = source;
    const body = chunk.replace(/^# Source: .+$\n?/m, '');
    const doc = parseDocument(body);
    if (current === undefined || doc.contents === null || typeof doc.get('kind') !== 'string')
      continue;
    doc.setIn(['metadata', 'annotations', FILENAME], current);
    byFile.set(current, [...(byFile.get(current) ?? []), doc.toString({ lineWidth: 0 })]);
  }
  const files = [...byFile.keys()].sort();
  return files
    .flatMap((file) => byFile.get(file) ?? [])
    .map((doc) => `---\n${doc}`)
    .join('');
}
