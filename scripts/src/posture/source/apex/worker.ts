import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { apexFacts } from '../apex-facts';

/**
 * A worker thread of the ApexFactPool: reads facts for the files it is sent and answers on its
 * port, then bumps the shared counter so the loader's thread, blocked in collect(), wakes up.
 */
export interface Task {
  id: number;
  file: string;
  relFile: string;
  source: string;
}

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

function answer(task: Task) {
  try {
    port.postMessage({ id: task.id, fact: apexFacts(task.file, task.relFile, task.source) });
  } catch (e) {
    port.postMessage({ id: task.id, error: (e as Error).name });
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

parentPort!.on('message', (batch: Task[]) => batch.forEach(answer));
