// Entry of dist/parse-worker.js: the worker thread behind primeChunkCache. Its own small bundle (the
// core's parser and nothing else), so a worker starts without compiling the whole CLI.
import { parentPort, workerData } from 'node:worker_threads';
import { parseWorkerRole, runParseWorker } from './parallelParse';

if (parentPort && (workerData as { role?: string } | null)?.role === parseWorkerRole) {
  runParseWorker(parentPort);
}
