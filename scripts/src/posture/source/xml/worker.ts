import { workerData } from 'node:worker_threads';
import { readXmlFile, XmlBatchWriter } from './codec';
import { CLAIMED_BY_WORKER, FREE, type XmlWorkerData } from './protocol';

/**
 * A worker thread of the XmlReadPool: goes through the loader's XML files from the first, reads and parses each one
 * it claims (the loader's thread claims files too, from the last one back, so each file is read by one thread but
 * the few this one holds unanswered when the two meet), and answers in flat batches on its port. It stops at the end
 * of the list: every file is then claimed.
 */
const {
  port,
  files,
  displays,
  claims,
  bootFailed: through,
  batchFiles,
  batchChars
} = workerData as XmlWorkerData;

const writer = new XmlBatchWriter();
for (let i = 0; i < files.length; i++) {
  if (Atomics.compareExchange(claims, i, FREE, CLAIMED_BY_WORKER) !== FREE) continue;
  try {
    writer.add(i, readXmlFile(files[i]!, displays[i]!));
  } catch {
    // Neither a refusal nor malformed XML: the loader's thread reads the file itself and meets the error there.
    writer.unanswered(i);
  }
  if (writer.size >= batchFiles || writer.chars >= batchChars) port.postMessage(writer.take());
}
if (writer.size > 0) port.postMessage(writer.take());
Atomics.add(through, 0, 1);
Atomics.notify(through, 0);
