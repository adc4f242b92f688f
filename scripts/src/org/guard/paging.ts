import { guardMsg } from '../../messages/org';
import { GuardError } from './guard-error';

/**
 * Follows one query's pages and stops a loop: "each new batch returns a new query locator", and the batches
 * together hold `totalSize` records, so a locator seen before, a page that brings no record but asks for
 * another, more records than `totalSize`, or a `totalSize` that changes between pages is not the platform
 * paging. The query is then unknown (GUARD_LOOP), with nothing of its pages kept.
 * - https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_queryresult.htm
 *   ("Each new batch returns a new queryLocator value")
 * - https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_more_results.htm
 */
export class PageTracker {
  private readonly locators = new Set<string>();
  private records = 0;
  private total?: number;
  private pages = 0;

  /**
   * Accounts for one page (already checked as a query result by the transport).
   * @returns the loop it reveals, or undefined when paging may go on.
   */
  add(page: { totalSize: number; records: unknown[]; nextRecordsUrl?: string }): GuardError | undefined {
    this.pages++;
    const n = page.records.length;
    const next = page.nextRecordsUrl;
    if (this.total === undefined) this.total = page.totalSize;
    else if (page.totalSize !== this.total)
      return this.loop(guardMsg.paging.totalChanged(this.total, page.totalSize));
    if (next && this.locators.has(next)) return this.loop(guardMsg.paging.repeated(this.pages));
    this.records += n;
    if (this.records > this.total) return this.loop(guardMsg.paging.moreThanTotal(this.records, this.total));
    if (!next) return undefined;
    if (n === 0) return this.loop(guardMsg.paging.emptyPage(this.pages));
    this.locators.add(next);
    return undefined;
  }

  private loop(reason: string): GuardError {
    return new GuardError('GUARD_LOOP', guardMsg.paging.stopped(reason));
  }
}
