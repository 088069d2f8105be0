// The language server's executable (dist/server.js, `incidentmap-language-server`). The same bundle
// also runs as the analysis worker thread, so the server ships as one file.
import { isMainThread, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodePlatform } from './nodePlatform';
import { startServer } from './server';
import { runWorker, workerRole } from './worker';

if (!isMainThread && (workerData as { role?: string } | null)?.role === workerRole) {
  runWorker();
} else {
  // Editors that start the executable without a transport flag get stdio, the common default.
  if (!process.argv.slice(2).some((a) => /^--(stdio|node-ipc|socket|pipe)/.test(a))) {
    process.argv.push('--stdio');
  }
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, nodePlatform(require.main?.filename ?? process.argv[1]));
}
