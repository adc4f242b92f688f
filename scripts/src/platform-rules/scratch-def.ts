import { rulesMsg } from '../messages/rules';
import { lineOf, parseJson } from '../posture/source/json-file';
import { SCRATCH_DEF } from './inputs';
import type { PlatformRule, RuleProblem } from './types';

/**
 * Event bus encryption in a scratch org definition. "You must create an event bus tenant secret before
 * enabling encryption ... In Metadata API, if you enable encryption using PlatformEncryptionSettings without
 * having the tenant secret, you get an error" (Change Data Capture Developer Guide, Change Events for
 * Encrypted Salesforce Data:
 * https://developer.salesforce.com/docs/platform/change-data-capture/guide/cdc-security-shield-encryption.html).
 * No tenant secret can exist while a scratch org is being created, so creation fails.
 */
export const EVENT_BUS_URL =
  'https://developer.salesforce.com/docs/platform/change-data-capture/guide/cdc-security-shield-encryption.html';

export const scratchEventBusRule: PlatformRule = {
  id: 'scratch-event-bus-encryption',
  title: rulesMsg.titles.scratchEventBus,
  url: EVENT_BUS_URL,
  scope: 'project',
  run(project) {
    const out: RuleProblem[] = [];
    for (const f of project.configFiles((n) => SCRATCH_DEF.test(n))) {
      const { json } = parseJson(f.text, f.file);
      const settings = (json as { settings?: Record<string, unknown> } | null)?.settings;
      const pe = Object.entries(settings ?? {}).find(
        ([k]) => k.toLowerCase() === 'platformencryptionsettings'
      )?.[1] as Record<string, unknown> | undefined;
      const on = Object.entries(pe ?? {}).find(([k]) => k.toLowerCase() === 'enableeventbusencryption');
      if (!on || (on[1] !== true && on[1] !== 'true')) continue;
      out.push({
        rule: this.id,
        file: f.file,
        line: lineOf(f.text, `"${on[0]}"`),
        message: rulesMsg.scratchEventBus.on,
        url: this.url
      });
    }
    return out;
  }
};
