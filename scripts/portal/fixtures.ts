import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/**
 * The preview's stand-in for the org: fake patient data, the real custom labels, and a record of
 * every Apex call, reveal and audit event, so tests can assert that each reveal is audited. It
 * mirrors the shapes of PatientPortalController, HealthIntakeController and PhiAccessAudit
 * (force-app/main/default/classes); none of its data is real.
 */

/** A fake PHI value that must never leave the revealed field (storage, URL, console, other DOM). */
export const PORTAL_CANARY = 'CANARY-PHI-7f3a';

/** PatientPortalController.MASK */
const MASK = '••••••••';

/** PatientPortalController.REASONS: the reason key the patient picks, and the audit purpose. */
const REASONS: Record<string, string> = {
  refill: 'patient-request',
  question: 'patient-request',
  treatment: 'treatment'
};
const REVEALABLE = new Set(['Medication__c', 'Dosage__c']);

interface FakePrescription {
  id: string;
  name: string;
  status: string;
  writtenDate: string;
  expirationDate: string;
  refillsRemaining: number;
  orderNumber: string;
  Medication__c: string;
  Dosage__c: string;
}

/** Fake prescriptions of one fake patient. The first medication carries the canary. */
export const PRESCRIPTIONS: readonly FakePrescription[] = [
  {
    id: 'a0B5g00000PRVW1AAA',
    name: 'RX-000101',
    status: 'Active',
    writtenDate: '2026-10-02',
    expirationDate: '2027-10-02',
    refillsRemaining: 3,
    orderNumber: '00001042',
    Medication__c: `Atorvastatin ${PORTAL_CANARY}`,
    Dosage__c: '20 mg once daily'
  },
  {
    id: 'a0B5g00000PRVW2AAA',
    name: 'RX-000102',
    status: 'Active',
    writtenDate: '2026-09-14',
    expirationDate: '2027-03-14',
    refillsRemaining: 1,
    orderNumber: '00001043',
    Medication__c: 'Metformin',
    Dosage__c: '5 mg twice daily'
  },
  {
    id: 'a0B5g00000PRVW3AAA',
    name: 'RX-000087',
    status: 'Expired',
    writtenDate: '2025-06-30',
    expirationDate: '2026-06-30',
    refillsRemaining: 0,
    orderNumber: '00000911',
    Medication__c: 'Lisinopril',
    Dosage__c: '1 tablet at night'
  }
];

export const PREVIEW_USER_ID = '005PRVW0000000001AAA';

/** The real custom labels (CustomLabels.labels-meta.xml), by full name. */
export function readLabels(repoRoot: string): Map<string, string> {
  const file = path.join(repoRoot, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');
  const parsed = new XMLParser({ isArray: (name) => name === 'labels', parseTagValue: false }).parse(
    readFileSync(file, 'utf8')
  ) as { CustomLabels?: { labels?: { fullName: string; value: string }[] } };
  return new Map((parsed.CustomLabels?.labels ?? []).map((l) => [l.fullName, String(l.value)]));
}

/** What the page asked for, from its query string: which state each component should show. */
export interface Scenario {
  /** getMyPrescriptions: data (default), empty, error, or loading (never answers). */
  rx: string;
  /** revealField and submitIntake: ok (default) or error. */
  apex: string;
}

export function scenarioOf(search: string): Scenario {
  const params = new URLSearchParams(search);
  return { rx: params.get('rx') ?? 'data', apex: params.get('apex') ?? 'ok' };
}

/** One audit event as PhiAccessAudit would publish it (PHI_Access_Event__e): names and ids only. */
export interface AuditEvent {
  Object_Name__c: string;
  Record_Ids__c: string;
  Field_Names__c: string;
  Action__c: string;
  Channel__c: string;
  Purpose__c: string;
  Actor_Id__c: string;
  Occurred_At__c: string;
}

/** One Apex call as the fixture saw it: the method and the parameter names, never the values. */
export interface ApexCall {
  method: string;
  params: string[];
  outcome: 'ok' | 'error' | 'pending';
}

export interface IntakeReceipt {
  fields: string[];
  consentGiven: boolean;
  consentTimestamped: boolean;
  idempotencyKey: string;
  token: string;
}

export interface FixtureLog {
  calls: ApexCall[];
  audit: AuditEvent[];
  intakes: IntakeReceipt[];
}

export type ApexResult =
  { kind: 'ok'; body: unknown } | { kind: 'error'; status: number; message: string } | { kind: 'pending' };

/** Apex error bodies the platform sends for an AuraHandledException: { message }. */
const NOT_AVAILABLE = 'That prescription is not available.';
const BAD_REQUEST = 'That detail cannot be shown.';
const BAD_REASON = 'Choose a reason before revealing a detail.';
const UNAVAILABLE = 'The service is unavailable. Please try again later.';

export class PortalFixtures {
  readonly log: FixtureLog = { calls: [], audit: [], intakes: [] };

  reset(): void {
    this.log.calls.length = 0;
    this.log.audit.length = 0;
    this.log.intakes.length = 0;
  }

  call(method: string, params: Record<string, unknown>, scenario: Scenario): ApexResult {
    const result = this.dispatch(method, params, scenario);
    this.log.calls.push({ method, params: Object.keys(params).sort(), outcome: result.kind });
    return result;
  }

  private dispatch(method: string, params: Record<string, unknown>, scenario: Scenario): ApexResult {
    switch (method) {
      case 'PatientPortalController.getMyPrescriptions':
        return this.getMyPrescriptions(scenario);
      case 'PatientPortalController.revealField':
        return this.revealField(params, scenario);
      case 'HealthIntakeController.submitIntake':
        return this.submitIntake(params, scenario);
      default:
        return { kind: 'error', status: 404, message: BAD_REQUEST };
    }
  }

  private getMyPrescriptions(scenario: Scenario): ApexResult {
    if (scenario.rx === 'loading') return { kind: 'pending' };
    if (scenario.rx === 'error') return { kind: 'error', status: 500, message: UNAVAILABLE };
    if (scenario.rx === 'empty') return { kind: 'ok', body: [] };
    return {
      kind: 'ok',
      body: PRESCRIPTIONS.map((rx) => ({
        id: rx.id,
        name: rx.name,
        status: rx.status,
        writtenDate: rx.writtenDate,
        expirationDate: rx.expirationDate,
        refillsRemaining: rx.refillsRemaining,
        orderNumber: rx.orderNumber,
        medication: MASK,
        dosage: MASK
      }))
    };
  }

  private revealField(params: Record<string, unknown>, scenario: Scenario): ApexResult {
    const field = String(params.fieldName ?? '');
    const reason = String(params.reason ?? '');
    if (!REVEALABLE.has(field)) return { kind: 'error', status: 400, message: BAD_REQUEST };
    if (!(reason in REASONS)) return { kind: 'error', status: 400, message: BAD_REASON };
    if (scenario.apex === 'error') return { kind: 'error', status: 500, message: UNAVAILABLE };
    const rx = PRESCRIPTIONS.find((r) => r.id === params.prescriptionId);
    if (!rx) return { kind: 'error', status: 404, message: NOT_AVAILABLE };
    this.log.audit.push({
      Object_Name__c: 'Prescription__c',
      Record_Ids__c: rx.id,
      Field_Names__c: field,
      Action__c: 'reveal',
      Channel__c: 'portal',
      Purpose__c: REASONS[reason]!,
      Actor_Id__c: PREVIEW_USER_ID,
      Occurred_At__c: new Date().toISOString()
    });
    return { kind: 'ok', body: rx[field as 'Medication__c' | 'Dosage__c'] };
  }

  private submitIntake(params: Record<string, unknown>, scenario: Scenario): ApexResult {
    if (scenario.apex === 'error') return { kind: 'error', status: 500, message: UNAVAILABLE };
    const answers = (params.answers ?? {}) as Record<string, unknown>;
    const consent = (answers.consent ?? {}) as { given?: unknown; timestamp?: unknown };
    if (consent.given !== true) return { kind: 'error', status: 400, message: BAD_REQUEST };
    const token = `INTK-${randomUUID().slice(0, 8).toUpperCase()}`;
    // Only which answers came, never what they say.
    this.log.intakes.push({
      fields: Object.keys(answers).sort(),
      consentGiven: true,
      consentTimestamped:
        typeof consent.timestamp === 'string' && !Number.isNaN(Date.parse(consent.timestamp)),
      idempotencyKey: String(params.idempotencyKey ?? ''),
      token
    });
    return { kind: 'ok', body: token };
  }
}
