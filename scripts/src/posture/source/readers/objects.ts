import path from 'node:path';
import type { FieldFact, ObjectFact } from '../../model';
import { bool, child, children, text, type XmlNode } from '../../xml';
import { detached, namespaceOf, num, type LoadContext, type SourceFile } from '../context';

/** objects/<Object>/<kind>/<Name>.<suffix>-meta.xml: the object is the grandparent folder. */
export const objectOfChild = (file: string) => path.basename(path.dirname(path.dirname(file)));

function fieldFact(node: XmlNode, object: string, relFile: string): FieldFact {
  // One pass over the field's elements, the first of each name kept (as text() and child() find them): a large
  // project has tens of thousands of fields, and ten searches of each field's elements were most of this reader.
  let fullName, type, label, description, groups, classification, history, referenceTo, relationship;
  let scheme: XmlNode | undefined;
  for (const c of node.children) {
    switch (c.name) {
      case 'fullName':
        fullName ??= c.text;
        break;
      case 'encryptionScheme':
        scheme ??= c;
        break;
      case 'type':
        type ??= c.text;
        break;
      case 'label':
        label ??= c.text;
        break;
      case 'description':
        description ??= c.text;
        break;
      case 'complianceGroup':
        groups ??= c.text;
        break;
      case 'securityClassification':
        classification ??= c.text;
        break;
      case 'trackHistory':
        history ??= c.text;
        break;
      case 'referenceTo':
        referenceTo ??= c.text;
        break;
      case 'relationshipName':
        relationship ??= c.text;
        break;
    }
  }
  // Kept for the whole run: detached from the file's text.
  const name = detached(fullName ?? '?');
  return {
    object,
    name,
    id: `${object}.${name}`,
    type: detached(type),
    label: detached(label),
    description: detached(description),
    // No element, or an empty one: no groups (and no arrays made to find that out).
    complianceGroups: groups
      ? groups
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    classification: detached(classification),
    encryptionScheme: detached(scheme?.text || undefined),
    schemeLine: scheme?.line,
    trackHistory: history === undefined ? undefined : history === 'true',
    referenceTo: detached(referenceTo),
    relationshipName: detached(relationship),
    standard: !/__c$/i.test(name),
    namespace: namespaceOf(name) ?? namespaceOf(object),
    at: { file: relFile, line: node.line }
  };
}

function addField(ctx: LoadContext, node: XmlNode, object: string, relFile: string) {
  const f = fieldFact(node, object, relFile);
  ctx.snap.fields.set(f.id.toLowerCase(), f);
}

function addListView(ctx: LoadContext, node: XmlNode, object: string, name: string, relFile: string) {
  for (const f of children(node, 'filters')) {
    const field = text(f, 'field');
    if (!field) continue;
    ctx.snap.filters.push({
      object,
      field: field.includes('.') ? field.split('.').pop()! : field,
      where: 'ListView',
      component: `${object}.${name}`,
      at: { file: relFile, line: f.line }
    });
  }
}

/** CustomField, source format: objects/<Object>/fields/<Field>.field-meta.xml. */
export function readField(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  addField(ctx, node, objectOfChild(src.file), src.relFile);
}

/** ListView, source format: objects/<Object>/listViews/<View>.listView-meta.xml. */
export function readListView(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  addListView(ctx, node, objectOfChild(src.file), src.name, src.relFile);
}

/**
 * CustomObject. In source format its fields and list views are files of their own; in Metadata
 * API format (objects/<Object>.object) they are child elements of the one file.
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm
 */
export function readObject(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const name = src.name;
  const fact: ObjectFact = {
    name,
    custom: /__c$/i.test(name),
    label: text(node, 'label'),
    sharingModel: text(node, 'sharingModel'),
    externalSharingModel: text(node, 'externalSharingModel'),
    enableHistory: bool(node, 'enableHistory'),
    masters: [],
    namespace: namespaceOf(name),
    externalSharingLine: child(node, 'externalSharingModel')?.line,
    at: { file: src.relFile, line: child(node, 'sharingModel')?.line ?? node.line }
  };
  const hrp = child(node, 'historyRetentionPolicy');
  if (hrp) {
    fact.historyRetention = {
      archiveAfterMonths: num(text(hrp, 'archiveAfterMonths')),
      archiveRetentionYears: num(text(hrp, 'archiveRetentionYears'))
    };
  }
  ctx.snap.objects.set(name.toLowerCase(), fact);
  if (src.format === 'mdapi') {
    for (const f of children(node, 'fields')) addField(ctx, f, name, src.relFile);
    for (const v of children(node, 'listViews'))
      addListView(ctx, v, name, text(v, 'fullName') ?? '?', src.relFile);
  }
}
