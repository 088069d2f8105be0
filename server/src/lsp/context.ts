import { ResponseError, ErrorCodes, type CancellationToken, type Connection, type Position, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Guard } from './guard';
import type { Workspace } from './workspace';

/** What every handler gets: the connection, the open documents, the workspace and the guards. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  request: Guard;
  notification: <P>(name: string, handler: (params: P) => void | Promise<void>) => (params: P) => void;
  /** What the client said it supports. */
  client: { codeLensRefresh: boolean; markdown: boolean };
}

/** Params come off the wire: a position that is not two numbers is a bad request, not a crash. */
export function checkPosition(p: unknown): Position {
  const pos = p as Partial<Position> | undefined;
  if (typeof pos?.line !== 'number' || typeof pos.character !== 'number' || !Number.isFinite(pos.line) || !Number.isFinite(pos.character)) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'position must be { line: number, character: number }');
  }
  return { line: pos.line, character: pos.character };
}

export function checkUri(u: unknown): string {
  if (typeof u !== 'string' || u.length === 0) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'uri must be a string');
  }
  return u;
}

/** The open document for `uri` after the analyses that read it have caught up with its text. */
export async function settledDocument(ctx: ServerContext, uri: unknown, token: CancellationToken): Promise<TextDocument | undefined> {
  const u = checkUri(uri);
  if (!ctx.documents.get(u)) {
    return undefined;
  }
  await ctx.workspace.whenSettled(u, token);
  return ctx.documents.get(u);
}

/**
 * Resolves after the event loop has read its input once more. Whole-file requests (document symbols,
 * folding) wait on it, so a hover that arrived in the same burst is answered first: the editor sends
 * all three after each analysis, and the user is pointing at something (issue 23, item 11).
 */
export async function afterPendingInput(): Promise<void> {
  // The JSON-RPC connection dispatches one queued message per turn: three turns reach a hover sent
  // after a symbols and a folding request; then wait for the hovers under way to answer.
  await new Promise<void>((resolve) => setImmediate(() => setImmediate(() => setImmediate(resolve))));
  if (hoversInFlight > 0) {
    await new Promise<void>((resolve) => hoverWaiters.push(resolve));
  }
}

let hoversInFlight = 0;
let hoverWaiters: (() => void)[] = [];

/** Marks a hover under way; call the result when it has answered. */
export function hoverStarted(): () => void {
  hoversInFlight++;
  let ended = false;
  return () => {
    if (ended) {
      return;
    }
    ended = true;
    hoversInFlight--;
    if (hoversInFlight === 0) {
      const waiting = hoverWaiters;
      hoverWaiters = [];
      waiting.forEach((w) => w());
    }
  };
}
