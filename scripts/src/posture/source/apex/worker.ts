import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { apexFacts } from '../apex-facts';

/**
 * A worker thread of the ApexFactPool: reads facts for the files it is sent and answers on its port (the loader's
 * thread takes the answers when it collects them, and reads any file still unanswered itself).
 */
export interface Task {
  id: number;
  file: string;
  relFile: string;
  source: string;
}

const { port } = workerData as { port: MessagePort };

function answer(task: Task) {
  try {
    port.postMessage({ id: task.id, fact: apexFacts(task.file, task.relFile, task.source) });
  } catch (e) {
    port.postMessage({ id: task.id, error: (e as Error).name });
  }
}

parentPort!.on('message', (batch: Task[]) => batch.forEach(answer));
