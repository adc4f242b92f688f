import { msg } from '../../../messages';
import { known, unknown } from '../../model';
import { bool, child, text, type XmlNode } from '../../xml';
import { num, type LoadContext, type SourceFile } from '../context';
import { TIMEOUT_MINUTES } from '../../session-timeout';

const LEGACY_LENGTH: Record<string, number> = {
  FiveCharacters: 5,
  EightCharacters: 8,
  TenCharacters: 10,
  TwelveCharacters: 12
};

function lines(node: XmlNode | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of node?.children ?? []) out[c.name] = c.line;
  return out;
}

function readSecurity(ctx: LoadContext, node: XmlNode, relFile: string) {
  const snap = ctx.snap;
  const s = child(node, 'sessionSettings');
  if (s) {
    const value = text(s, 'sessionTimeout');
    snap.session = known(
      {
        timeoutValue: value,
        timeoutMinutes: value ? TIMEOUT_MINUTES[value] : undefined,
        forceLogout: bool(s, 'forceLogoutOnSessionTimeout'),
        httpOnly: bool(s, 'requireHttpOnly'),
        hstsOnSites: bool(s, 'hstsOnForcecomSites'),
        lines: lines(s)
      },
      { file: relFile, line: s.line }
    );
  } else {
    snap.session = unknown('missing', msg.facts.settingsElementMissing(relFile, 'sessionSettings'), relFile);
  }
  const p = child(node, 'passwordPolicies');
  if (p) {
    const legacy = text(p, 'minPasswordLength');
    snap.password = known(
      {
        minLength: num(text(p, 'minimumPasswordLength')) ?? (legacy ? LEGACY_LENGTH[legacy] : undefined),
        complexity: text(p, 'complexity'),
        expiration: text(p, 'expiration'),
        maxLoginAttempts: text(p, 'maxLoginAttempts'),
        lockoutInterval: text(p, 'lockoutInterval'),
        historyRestriction: num(text(p, 'historyRestriction')),
        lines: lines(p)
      },
      { file: relFile, line: p.line }
    );
  } else {
    snap.password = unknown(
      'missing',
      msg.facts.settingsElementMissing(relFile, 'passwordPolicies'),
      relFile
    );
  }
}

/** Settings (settings/<Feature>.settings[-meta.xml]): only the ones the checks judge are read. */
export function readSettings(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const at = { file: src.relFile, line: node.line };
  if (src.name === 'Security') readSecurity(ctx, node, src.relFile);
  else if (src.name === 'OauthOidc') {
    ctx.snap.oauth = known(
      {
        blockUsernamePassword: bool(node, 'blockOAuthUnPwFlow'),
        blockUserAgent: bool(node, 'blockOAuthUsrAgtFlow'),
        lines: lines(node)
      },
      at
    );
  } else if (src.name === 'PlatformEncryption') {
    ctx.snap.encryption = known(
      {
        deterministic:
          bool(node, 'enableDeterministicEncryption') ?? bool(node, 'enableDeterministEncryption'),
        fieldHistory: bool(node, 'enableEncryptFieldHistory'),
        eventBus: bool(node, 'enableEventBusEncryption'),
        lines: lines(node)
      },
      at
    );
  }
}

/** A settings file that cannot be read leaves the facts it declares unknown (not verified). */
export function settingsUnreadable(ctx: LoadContext, src: SourceFile, reason: string) {
  const u = unknown('unreadable', reason, src.relFile);
  if (src.name === 'Security') {
    ctx.snap.session = u;
    ctx.snap.password = u;
  } else if (src.name === 'OauthOidc') ctx.snap.oauth = u;
  else if (src.name === 'PlatformEncryption') ctx.snap.encryption = u;
}
