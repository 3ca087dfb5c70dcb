import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX';
import type { ComponentDraft, ComponentKind } from './bom-draft.js';

const TYPES: Readonly<Record<ComponentKind, Enums.ComponentType>> = {
  application: Enums.ComponentType.Application,
  library: Enums.ComponentType.Library,
  container: Enums.ComponentType.Container,
  framework: Enums.ComponentType.Framework,
  file: Enums.ComponentType.File,
  platform: Enums.ComponentType.Platform,
};

/** The CycloneDX component type of a {@link ComponentKind}. */
export function componentType(kind: ComponentKind): Enums.ComponentType {
  return TYPES[kind];
}

/** A library component model of a draft (dependencies are wired afterwards, by bom-ref object). */
export function toComponent(draft: ComponentDraft): Models.Component {
  const component = new Models.Component(componentType(draft.type), draft.name, {
    bomRef: draft.bomRef,
  });
  if (draft.group !== undefined) component.group = draft.group;
  if (draft.version !== undefined) component.version = draft.version;
  if (draft.purl !== undefined) component.purl = draft.purl;
  if (draft.scope !== undefined) {
    component.scope =
      draft.scope === 'required' ? Enums.ComponentScope.Required : Enums.ComponentScope.Optional;
  }
  for (const [alg, content] of draft.hashes)
    component.hashes.set(Enums.HashAlgorithm[alg], content);
  for (const license of draft.licenses) component.licenses.add(toLicense(license));
  for (const { name, value } of draft.properties.values())
    component.properties.add(new Models.Property(name, value));
  return component;
}

/**
 * A license as the lockfile wrote it: a known SPDX id, an SPDX expression (`MIT OR Apache-2.0`,
 * parenthesised), or else a named license carrying the text unchanged.
 */
export function toLicense(license: string): Models.License {
  const id = SPDX.fixupSpdxId(license);
  if (id !== undefined) return new Models.SpdxLicense(id);
  if (/\s(OR|AND|WITH)\s/.test(license) || license.startsWith('('))
    return new Models.LicenseExpression(license);
  return new Models.NamedLicense(license);
}
