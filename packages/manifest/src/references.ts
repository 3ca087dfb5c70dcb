import {
  containerImages,
  pinApplies,
  podSpecOf,
  secretUses,
  serviceAccountOf,
  tryParseImageRef,
  withDigest,
  type ImageRef,
  type ImageUse,
  type SecretRef,
  type ServiceAccountRef,
  type SourceLocation,
} from '@trailmark/core';
import type { StampFacts } from './facts.js';
import type { ObjectLocation } from './locate.js';
import { findImageLine, findSecretLine, findServiceAccountLine } from './ref-lines.js';
import type { TemplateIndex, TemplateSegment } from './template.js';
import type { StreamObject } from './stream.js';
import { findImageSetting, findValueSetting, type ScopedValues } from './values.js';

/** An object's images, Secret references and service account, each with the line behind it. */
export interface References {
  images: ImageUse[];
  secretRefs: SecretRef[];
  serviceAccount: ServiceAccountRef | undefined;
  imageRewrites: { index: number; image: string }[];
}

/** Reads the references of a workload or Pod and finds the template or values line of each. */
export function findReferences(
  object: StreamObject,
  location: ObjectLocation,
  facts: StampFacts,
): References {
  const spec = podSpecOf(object.kind, object.value);
  if (!spec) return { images: [], secretRefs: [], serviceAccount: undefined, imageRewrites: [] };
  const values = valuesCandidates(location, facts);
  const template = location.template;
  const lineIn = (
    found: { line: number; exact: boolean } | undefined,
    exact: boolean,
  ): SourceLocation | undefined =>
    template && found && found.exact === exact
      ? { path: template.path, line: found.line }
      : undefined;
  const imageRewrites: References['imageRewrites'] = [];
  // A container whose image rendered empty (`image: ""`, an unset value) names no image to record.
  const images = containerImages(spec).flatMap((container, index): ImageUse[] => {
    if (container.image.trim() === '') return [];
    const pinned = pinFor(container.image, facts);
    const ref = pinned ? withDigest(pinned.parsed, pinned.digest) : container.image;
    if (pinned && ref !== container.image) imageRewrites.push({ index, image: ref });
    const digest = pinned?.digest ?? tryParseImageRef(container.image)?.digest;
    const found = template
      ? lineOnce(template, `i\0${container.image}\0${container.container}`, () =>
          findImageLine(template.index, template.segment, container.image, container.container),
        )
      : undefined;
    const set = findImageSetting(container.image, values) ?? lineIn(found, true);
    return [
      {
        container: container.container,
        ref,
        ...(digest ? { digest } : {}),
        ...(set ? { set } : {}),
      },
    ];
  });
  const secretRefs = secretUses(spec).map((use): SecretRef => {
    const found = template
      ? lineOnce(template, `s\0${use.name}\0${use.via}\0${use.container ?? '\u0001'}`, () =>
          findSecretLine(template.index, template.segment, use.name, use.via, use.container),
        )
      : undefined;
    const at =
      lineIn(found, true) ??
      findValueSetting(use.name, SECRET_KEYS, values) ??
      lineIn(found, false);
    return {
      name: use.name,
      via: use.via,
      ...(use.container ? { container: use.container } : {}),
      ...(at ? { at } : {}),
    };
  });
  const saName = serviceAccountOf(spec);
  let serviceAccount: ServiceAccountRef | undefined;
  if (saName !== undefined) {
    const found = template
      ? lineOnce(template, `a\0${saName}`, () =>
          findServiceAccountLine(template.index, template.segment, saName),
        )
      : undefined;
    const at =
      lineIn(found, true) ??
      findValueSetting(saName, ['name', 'serviceAccountName'], values) ??
      lineIn(found, false);
    serviceAccount = { name: saName, ...(at ? { at } : {}) };
  }
  return { images, secretRefs, serviceAccount, imageRewrites };
}

type FoundLine = { line: number; exact: boolean } | undefined;

/**
 * Reference lines found per template document: a lookup depends only on the document and the
 * reference (kind, name, container), and a loop renders the same document for many objects.
 */
const foundLines = new WeakMap<TemplateIndex, WeakMap<TemplateSegment, Map<string, FoundLine>>>();

function lineOnce(
  template: { index: TemplateIndex; segment: TemplateSegment },
  key: string,
  find: () => FoundLine,
): FoundLine {
  let bySegment = foundLines.get(template.index);
  if (!bySegment) foundLines.set(template.index, (bySegment = new WeakMap()));
  let found = bySegment.get(template.segment);
  if (!found) bySegment.set(template.segment, (found = new Map<string, FoundLine>()));
  if (found.has(key)) return found.get(key);
  const line = find();
  found.set(key, line);
  return line;
}

const SECRET_KEYS = ['name', 'secretName', 'existingSecret', 'secret'];

function pinFor(
  image: string,
  facts: StampFacts,
): { parsed: ImageRef; digest: string } | undefined {
  const parsed = tryParseImageRef(image);
  const pin = parsed
    ? facts.imagePins.find((candidate) => pinApplies(candidate.ref, image))
    : undefined;
  return parsed && pin ? { parsed, digest: pin.digest } : undefined;
}

/** Values files that can set this object's values, highest precedence first (Helm's order). */
function valuesCandidates(location: ObjectLocation, facts: StampFacts): ScopedValues[] {
  const chain = location.chain;
  if (chain.length === 0) return [];
  const keys: string[] = [];
  for (let i = 1; i < chain.length; i++)
    keys.push(childKey(chain[i - 1], chain[i]) ?? chain[i]?.name ?? '');
  if (location.source?.origin === 'external') {
    const parent = chain[chain.length - 1];
    const children: [string, { kind: string; name: string }][] = parent ? [...parent.children] : [];
    const external = children.find(
      ([, child]) => child.kind === 'external' && child.name === location.chart?.name,
    );
    keys.push(external?.[0] ?? location.chart?.name ?? '');
  }
  const out: ScopedValues[] = [...facts.userValues]
    .reverse()
    .map((file) => ({ file, scope: keys }));
  chain.forEach((chart, i) => {
    const file = facts.chartValues.get(chart.dir);
    if (file) out.push({ file, scope: keys.slice(i) });
  });
  return out;
}

function childKey(
  parent: ObjectLocation['chain'][number] | undefined,
  child: ObjectLocation['chain'][number] | undefined,
): string | undefined {
  if (!parent || !child) return undefined;
  for (const [key, value] of parent.children) if (value === child) return key;
  return undefined;
}
