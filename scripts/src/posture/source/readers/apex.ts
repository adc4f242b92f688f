import { msg } from '../../../messages';
import { addGap, unknown, type ApexFact } from '../../model';
import { apexFacts } from '../apex-facts';
import type { LoadContext, SourceFile } from '../context';

/**
 * Apex classes and triggers: facts from the Apex engineer's apex-facts. With a pool in the context
 * the file is handed to it (worker threads read Apex while the loader reads XML) and its fact is
 * added by finishApex(). A file that does not parse is reported (INP-001) and leaves a gap in the
 * Apex collection: its facts are incomplete.
 */
export function readApex(ctx: LoadContext, content: string, src: SourceFile) {
  if (ctx.apexPool) ctx.apexPool.submit(src.file, src.relFile, content);
  else addApexFact(ctx, apexFacts(src.file, src.relFile, content));
}

/** Adds the pool's facts, in the order the files were read. */
export function finishApex(ctx: LoadContext) {
  if (!ctx.apexPool) return;
  for (const fact of ctx.apexPool.collect()) addApexFact(ctx, fact);
  ctx.apexPool = undefined;
}

function addApexFact(ctx: LoadContext, fact: ApexFact) {
  ctx.snap.apex.push(fact);
  if (fact.parseError) {
    const message = msg.facts.apexSyntax(fact.parseError.message);
    ctx.problem({ file: fact.file, line: fact.parseError.line, message });
    addGap(
      ctx.snap,
      'apex',
      unknown('unreadable', `${fact.file}:${fact.parseError.line}: ${message}`, fact.file)
    );
  }
}
