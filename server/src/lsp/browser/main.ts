// The language server in a browser's web worker (dist/web/server.js): what the web extension starts on
// github.dev and vscode.dev. The same server as dist/server.js (server.ts, the workspace, every handler,
// the core); only the platform differs (platform.ts): files come from the client (files.ts) and
// analyses run in this worker itself.
import './immediate';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../server';
import { browserPlatform } from './platform';

// `self` is the worker's global scope; its type (DedicatedWorkerGlobalScope) is not in this project's libs.
const worker = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
startServer(connection, browserPlatform(connection));
// `exit` ends a Node server's process; a worker ends itself (vscode-languageserver's browser build does
// nothing on exit, and the client terminates it too).
connection.onExit(() => (globalThis as unknown as { close?: () => void }).close?.());
