import { workerData } from 'node:worker_threads';
import { readXmlFile, XmlBatchWriter } from '../../../../src/posture/source/xml/codec';
import { CLAIMED_BY_WORKER, FREE, type XmlWorkerData } from '../../../../src/posture/source/xml/protocol';

// A worker of the XML pool that dies mid-run: it claims the first ten files, answers only the first, and stops.
const { port, files, displays, claims } = workerData as XmlWorkerData;
const w = new XmlBatchWriter();
for (let i = 0; i < 10; i++) {
  if (Atomics.compareExchange(claims, i, FREE, CLAIMED_BY_WORKER) !== FREE) continue;
  if (i === 0) w.add(0, readXmlFile(files[0]!, displays[0]!));
}
port.postMessage(w.take());
process.exit(1);
