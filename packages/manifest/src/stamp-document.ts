import { ORIGIN_LABEL, foreignCause, isTrailmarkKey, podTemplatePath } from '@trailmark/core';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ObjectStamp } from './build-object.js';
import type { StreamDocument, StreamObject } from './stream.js';
import { FlowStyleError, ShapeError, YamlEditor, applyEdits, type EntryTree } from './yaml-edit.js';

/** One object of a document with what to write on it. */
export interface DocumentStamp {
  object: StreamObject;
  stamp: ObjectStamp;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/**
 * Writes the stamps into a document's text. Block-style YAML is edited line-wise (every other byte
 * kept); JSON documents are rewritten as JSON with their indentation; flow-style YAML falls back to
 * re-serialising the document.
 */
export function stampDocumentText(
  chunk: string,
  doc: StreamDocument,
  stamps: readonly DocumentStamp[],
  newline: string,
): string {
  if (stamps.length === 0 || (!doc.yaml && !doc.lean)) return chunk;
  try {
    return stampText(chunk, doc, stamps, newline);
  } catch (error) {
    // yaml's own errors from the fallback ("Expected YAML collection at …") are shape errors too.
    if (
      error instanceof ShapeError ||
      (error instanceof Error && /Expected YAML collection/.test(error.message))
    ) {
      throw new ShapeError(error.message.split('.')[0] ?? error.message, {
        cause: foreignCause(error),
      });
    }
    throw error;
  }
}

function stampText(
  chunk: string,
  doc: StreamDocument,
  stamps: readonly DocumentStamp[],
  newline: string,
): string {
  if (isJsonChunk(chunk)) return stampJson(chunk, stamps);
  try {
    const editor = new YamlEditor(chunk, newline);
    for (const { object, stamp } of stamps)
      editObject(editor, objectNode(doc, object), object, stamp);
    return applyEdits(chunk, editor.edits);
  } catch (error) {
    if (!(error instanceof FlowStyleError)) throw error;
    // A document read lean is parsed fully here, as parseManifestStream would have (same options).
    const yaml =
      doc.yaml ?? parseDocument(chunk, { prettyErrors: true, strict: true, uniqueKeys: true });
    const text = stampAst(yaml, stamps);
    return newline === '\n' ? text : text.replace(/\r?\n/g, newline);
  }
}

function objectNode(doc: StreamDocument, object: StreamObject): Node {
  const yaml = doc.yaml;
  const node =
    object.path.length === 0 ? (yaml?.contents ?? doc.lean) : yaml?.getIn(object.path, true);
  if (!isMap(node)) throw new FlowStyleError('object is not a mapping');
  return node;
}

function editObject(
  editor: YamlEditor,
  node: Node,
  object: StreamObject,
  stamp: ObjectStamp,
): void {
  editor.setTree(node, metadataTree(stamp.annotations, stamp.label), removeStale);
  const templatePath = podTemplatePath(object.kind);
  if (!templatePath || !stamp.podTemplateAnnotations || !isMap(node)) return;
  const template = node.getIn(templatePath, true) as Node | undefined;
  if (!template || !isMap(template)) return;
  editor.setTree(template, metadataTree(stamp.podTemplateAnnotations, stamp.label), removeStale);
  for (const rewrite of stamp.imageRewrites) {
    const image = containerNodes(template.getIn(['spec'], true) as Node | undefined)[rewrite.index];
    if (image) editor.replaceImage(image, rewrite.image);
  }
}

/** `metadata: {annotations: …, labels: {trailmark.dev/origin: …}}` as one tree, so a missing
 * `metadata` is created once with both maps. */
function metadataTree(annotations: ReadonlyMap<string, string>, label: string): EntryTree {
  return new Map([
    [
      'metadata',
      new Map<string, EntryTree>([
        ['annotations', annotations],
        ['labels', new Map([[ORIGIN_LABEL, label]])],
      ]),
    ],
  ]);
}

/** Stale `trailmark.dev/*` annotations (from an earlier stamp) are removed. */
function removeStale(key: string, path: readonly string[]): boolean {
  return path.length === 2 && path[1] === 'annotations' && isTrailmarkKey(key);
}

function containerNodes(spec: Node | undefined): Node[] {
  if (!spec || !isMap(spec)) return [];
  return CONTAINER_LISTS.flatMap((list) => {
    const items = spec.get(list, true) as Node | undefined;
    if (!isSeq(items)) return [];
    return items.items.map((item) =>
      isMap(item) ? (item.get('image', true) as Node) : (item as Node),
    );
  });
}

function isJsonChunk(chunk: string): boolean {
  const body = chunk.replace(/^(?:---[^\n]*\n|\s*#[^\n]*\n|\s*\n)*/, '');
  return body.trimStart().startsWith('{');
}

function stampJson(chunk: string, stamps: readonly DocumentStamp[]): string {
  const open = chunk.indexOf('{');
  const close = chunk.lastIndexOf('}');
  const root = JSON.parse(chunk.slice(open, close + 1)) as Record<string, unknown>;
  const indent = /\n([ \t]+)"/.exec(chunk)?.[1] ?? '  ';
  for (const { object, stamp } of stamps) applyToPlain(getAt(root, object.path), object, stamp);
  const eol = chunk.includes('\r\n') ? '\r\n' : '\n';
  return (
    chunk.slice(0, open) +
    JSON.stringify(root, null, indent).replace(/\n/g, eol) +
    chunk.slice(close + 1)
  );
}

function stampAst(yaml: Document.Parsed, stamps: readonly DocumentStamp[]): string {
  for (const { object, stamp } of stamps) {
    const base = object.path;
    setAll(yaml, [...base, 'metadata', 'annotations'], stamp.annotations);
    yaml.setIn([...base, 'metadata', 'labels', ORIGIN_LABEL], stamp.label);
    const templatePath = podTemplatePath(object.kind);
    if (templatePath && stamp.podTemplateAnnotations) {
      setAll(
        yaml,
        [...base, ...templatePath, 'metadata', 'annotations'],
        stamp.podTemplateAnnotations,
      );
      yaml.setIn([...base, ...templatePath, 'metadata', 'labels', ORIGIN_LABEL], stamp.label);
    }
  }
  return yaml.toString({ lineWidth: 0 });
}

function setAll(
  yaml: Document.Parsed,
  path: (string | number)[],
  entries: ReadonlyMap<string, string>,
): void {
  const existing = yaml.getIn(path, true);
  if (isMap(existing)) {
    for (const pair of [...existing.items]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isTrailmarkKey(key) && !entries.has(key)) existing.delete(key);
    }
  }
  for (const [key, value] of entries) yaml.setIn([...path, key], value);
}

function applyToPlain(target: unknown, object: StreamObject, stamp: ObjectStamp): void {
  const record = target as Record<string, unknown>;
  setPlain(record, ['metadata', 'annotations'], stamp.annotations);
  setPlain(record, ['metadata', 'labels'], new Map([[ORIGIN_LABEL, stamp.label]]));
  const templatePath = podTemplatePath(object.kind);
  if (templatePath && stamp.podTemplateAnnotations) {
    const template = getAt(record, templatePath) as Record<string, unknown> | undefined;
    if (template) {
      setPlain(template, ['metadata', 'annotations'], stamp.podTemplateAnnotations);
      setPlain(template, ['metadata', 'labels'], new Map([[ORIGIN_LABEL, stamp.label]]));
    }
  }
}

function setPlain(
  root: Record<string, unknown>,
  path: string[],
  entries: ReadonlyMap<string, string>,
): void {
  let node = root;
  for (const key of path) {
    const next = node[key];
    node =
      next !== null && typeof next === 'object'
        ? (next as Record<string, unknown>)
        : (node[key] = {});
  }
  for (const key of Object.keys(node))
    if (isTrailmarkKey(key) && !entries.has(key) && path[1] === 'annotations')
      Reflect.deleteProperty(node, key);
  for (const [key, value] of entries) node[key] = value;
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const step of path) node = (node as Record<string | number, unknown> | undefined)?.[step];
  return node;
}
