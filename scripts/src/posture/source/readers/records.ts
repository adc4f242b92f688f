import { unknown } from '../../model';
import { child, children, text, type XmlNode } from '../../xml';
import { num, type LoadContext, type SourceFile } from '../context';

/** Report (reports/<Folder>/<Name>.report[-meta.xml]): filter columns Object.Field are filters. */
export function readReport(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  for (const ci of children(child(node, 'filter'), 'criteriaItems')) {
    const parts = (text(ci, 'column') ?? '').split('.');
    if (parts.length < 2) continue;
    ctx.snap.filters.push({
      object: parts[parts.length - 2]!,
      field: parts[parts.length - 1]!,
      where: 'Report',
      component: src.name,
      at: { file: src.relFile, line: ci.line }
    });
  }
}

/** Custom metadata records (customMetadata/<Type>.<Record>.md[-meta.xml]) of the retention type. */
export function readCustomMetadata(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  if (!isRetentionRecord(ctx, src)) return;
  ctx.retentionSeen = true;
  ctx.snap.evidence.retention.push(src.relFile);
  const values = new Map<string, string>();
  for (const v of children(node, 'values')) values.set(text(v, 'field') ?? '', text(v, 'value') ?? '');
  ctx.retention.push({
    name: src.name,
    object: values.get('Object_Name__c'),
    dateField: values.get('Date_Field__c'),
    months: num(values.get('Retention_Months__c')),
    action: values.get('Action__c'),
    active: values.get('Active__c') !== 'false',
    at: { file: src.relFile, line: node.line }
  });
}

const isRetentionRecord = (ctx: LoadContext, src: SourceFile) =>
  src.name.startsWith(`${ctx.config.retentionType.replace(/__mdt$/, '')}.`);

/** An unreadable retention record leaves the retention policy unknown. */
export function customMetadataUnreadable(ctx: LoadContext, src: SourceFile, reason: string) {
  if (isRetentionRecord(ctx, src)) ctx.snap.retention = unknown('unreadable', reason, src.relFile);
}

/** InstalledPackage (installedPackages/<namespace>.installedPackage[-meta.xml]). */
export function readInstalledPackage(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.installedPackages.push({
    namespace: src.name,
    versionNumber: text(node, 'versionNumber'),
    at: { file: src.relFile, line: node.line }
  });
}
