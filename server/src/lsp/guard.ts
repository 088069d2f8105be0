// Every handler runs inside a guard: an exception answers that one request with an error (or is
// logged, for a notification) and the server keeps serving. vscode-languageclient gives up on a
// server after five crashes in three minutes; a bug in hover must not cost the user their diagnostics.
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

export type Guard = <P, R>(name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>) => (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;

export function makeGuard(connection: Connection): { request: Guard; notification: <P>(name: string, handler: (params: P) => void | Promise<void>) => (params: P) => void } {
  const request: Guard = (name, handler) => async (params, token) => {
    if (token?.isCancellationRequested) {
      return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
    }
    try {
      const result = await handler(params, token);
      if (token?.isCancellationRequested) {
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      }
      return result;
    } catch (e) {
      // A handler that stopped waiting because the client cancelled answers as cancelled, whatever it threw.
      if (token?.isCancellationRequested) {
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      }
      if (e instanceof ResponseError) {
        return e as ResponseError<void>; // a deliberate answer, e.g. "cannot rename this"
      }
      connection.console.error(`incidentmap: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return new ResponseError(LSPErrorCodes.RequestFailed, `incidentmap: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const notification =
    <P>(name: string, handler: (params: P) => void | Promise<void>) =>
    (params: P): void => {
      try {
        const r = handler(params);
        if (r instanceof Promise) {
          r.catch((e: unknown) => connection.console.error(`incidentmap: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
        }
      } catch (e) {
        connection.console.error(`incidentmap: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    };
  return { request, notification };
}
