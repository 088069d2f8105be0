// The webview protocol lives with the language server's in server/src/protocol/webview.ts (types and
// runtime guards, defined once); the extension and the webview import it from here or from there.
export * from '../../../server/src/protocol/webview';
