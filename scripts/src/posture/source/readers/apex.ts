import { msg } from '../../../messages';
import { addGap, unknown } from '../../model';
import { apexFacts } from '../apex-facts';
import type { LoadContext, SourceFile } from '../context';

/**
 * Apex classes and triggers: facts from the Apex engineer's apex-facts. A file that does not parse
 * is reported (INP-001) and leaves a gap in the Apex collection: its facts are incomplete.
 */
export function readApex(ctx: LoadContext, content: string, src: SourceFile) {
  const fact = apexFacts(src.file, src.relFile, content);
  ctx.snap.apex.push(fact);
  if (fact.parseError) {
    const message = msg.facts.apexSyntax(fact.parseError.message);
    ctx.problem({ file: src.relFile, line: fact.parseError.line, message });
    addGap(
      ctx.snap,
      'apex',
      unknown('unreadable', `${src.relFile}:${fact.parseError.line}: ${message}`, src.relFile)
    );
  }
}
