/**
 * Runs offline work (it reads only local files) with the Salesforce SDK's log file turned off. SDR,
 * the metadata type resolver, loads @salesforce/core, whose logger starts a worker thread writing
 * ~/.sf/sf-<date>.log and blocks exit while it flushes (most of a second on a large project). With
 * no org in play that file holds nothing of use, so nothing is written under HOME:
 * SF_DISABLE_LOG_FILE is the sf CLI's own switch, and a value the user set is kept.
 */
export function withoutSdkLogFile<T>(run: () => T): T {
  if (process.env.SF_DISABLE_LOG_FILE !== undefined) return run();
  process.env.SF_DISABLE_LOG_FILE = 'true';
  const restore = () => {
    delete process.env.SF_DISABLE_LOG_FILE;
  };
  let result: T;
  try {
    result = run();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/**
 * A run against `-o <URL>` with SF_ACCESS_TOKEN writes nothing under HOME: turn @salesforce/core's log file off
 * for the rest of the process, before anything creates its logger (the deploy gate and the source loader do,
 * through SDR). A value the user set (SF_DISABLE_LOG_FILE=false) is kept. An alias run keeps the sf CLI's own
 * behaviour: its state lives under HOME already.
 */
export function noSdkLogFileForUrl(target: string | undefined): void {
  if (target && /^https?:\/\//i.test(target) && process.env.SF_DISABLE_LOG_FILE === undefined)
    process.env.SF_DISABLE_LOG_FILE = 'true';
}
