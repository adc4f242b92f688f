import { opsMsg } from '../../messages/ops';
import type { ChainRow } from '../audit/chain';

const t = opsMsg.incidentScope;

/**
 * What one user touched in a time window, from PHI access log rows: per object, the number of
 * events, the record ids and the field API names, never a value (the log holds none). This is the
 * input for deciding who must be notified (45 CFR 164.404).
 */
export interface ScopeObject {
  object: string;
  events: number;
  records: string[];
  fields: string[];
  actions: Record<string, number>;
}

export interface IncidentScope {
  user: string;
  from: string;
  to: string;
  rowsRead: number;
  events: number;
  records: number;
  objects: ScopeObject[];
}

export class ScopeCollector {
  private rowsRead = 0;
  private events = 0;
  private readonly byObject = new Map<
    string,
    { events: number; records: Set<string>; fields: Set<string>; actions: Map<string, number> }
  >();

  constructor(
    private readonly user: string,
    private readonly from: Date,
    private readonly to: Date
  ) {}

  /** Ids compare on their first 15 characters: an 18-character id and its 15-character form are one user. */
  private sameUser(actor: string) {
    return actor.slice(0, 15) === this.user.slice(0, 15) && actor.length >= 15;
  }

  push(row: Pick<ChainRow, 'actorId' | 'occurredAt' | 'objectName' | 'recordId' | 'fieldNames' | 'action'>) {
    this.rowsRead++;
    if (!this.sameUser(row.actorId)) return;
    const at = Date.parse(row.occurredAt);
    if (!(at >= this.from.getTime() && at < this.to.getTime())) return;
    this.events++;
    let o = this.byObject.get(row.objectName);
    if (!o) {
      o = { events: 0, records: new Set(), fields: new Set(), actions: new Map() };
      this.byObject.set(row.objectName, o);
    }
    o.events++;
    if (row.recordId) o.records.add(row.recordId);
    for (const f of row.fieldNames ? row.fieldNames.split(',') : []) if (f.trim()) o.fields.add(f.trim());
    o.actions.set(row.action, (o.actions.get(row.action) ?? 0) + 1);
  }

  result(): IncidentScope {
    const objects = [...this.byObject.entries()]
      .map(([object, o]) => ({
        object,
        events: o.events,
        records: [...o.records].sort(),
        fields: [...o.fields].sort(),
        actions: Object.fromEntries([...o.actions.entries()].sort())
      }))
      .sort((a, b) => a.object.localeCompare(b.object));
    return {
      user: this.user,
      from: this.from.toISOString(),
      to: this.to.toISOString(),
      rowsRead: this.rowsRead,
      events: this.events,
      records: objects.reduce((n, o) => n + o.records.length, 0),
      objects
    };
  }
}

/** Console text: counts, then the record ids per object. Pure. */
export function renderScope(s: IncidentScope): string {
  const lines = [
    t.title(s.user, s.from, s.to),
    '',
    t.summary(s.rowsRead, s.events, s.records, s.objects.length)
  ];
  for (const o of s.objects) {
    lines.push('', t.object(o.object, o.events, o.records.length));
    lines.push(`  ${t.fields(o.fields)}`);
    lines.push(`  ${t.actions(Object.entries(o.actions).map(([a, n]) => `${a} ${n}`))}`);
    for (const id of o.records) lines.push(`    ${id}`);
  }
  if (s.events === 0) lines.push('', t.none);
  return lines.join('\n');
}
