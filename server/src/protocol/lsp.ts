// Custom messages between the incidentmap language server and its clients (the VS Code extension, the
// graph panel through it, and the protocol tests). Both sides import this file, so it holds types and
// message constants only: no server code, nothing but vscode-jsonrpc. Ranges and positions are LSP's
// (0-based); URIs are `file:///...` strings as the editor sends them.
import { NotificationType, RequestType } from 'vscode-jsonrpc';

export type {
  Position,
  Range,
  SourceLocation,
  Severity,
  GraphFinding,
  GraphComponent,
  GraphDomain,
  GraphEdge,
  GraphFailover,
  GraphModel,
} from '../core/graph/model';
export type { PathStep } from '../core/propagation/simulate';
export type { Affected } from '../core/propagation/blastRadius';
import type { GraphFinding, GraphModel } from '../core/graph/model';
import type { Affected } from '../core/propagation/blastRadius';

/**
 * Sent from the client to the server when the graph panel opens or needs a fresh model of a map.
 * The server answers from its latest analysis of that map (analysing it first if it has none).
 */
export namespace GraphRequest {
  export const method = 'incidentmap/graph' as const;
  export type Params = { uri: string };
  export type Result = {
    graph: GraphModel;
    /** Every finding of the map's analysis, across its included files. */
    findings: GraphFinding[];
    /** Increases with every analysis the server publishes: a view drops answers older than what it shows. */
    version: number;
  };
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Sent from the client to the server to simulate the joint failure of components and/or failure
 * domains of a map (the graph panel's "what if", the code lens). Unknown ids are answered as such.
 */
export namespace SimulateRequest {
  export const method = 'incidentmap/simulate' as const;
  export type Params = { uri: string; fail: string[] };
  export type Result =
    | { failed: string[]; down: Affected[]; degraded: Affected[]; standbys?: (Affected & { uncovered: string[] })[]; version: number }
    | { unknown: string[]; version: number };
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Sent from the client to the server when the graph panel shows a map: its declared stress scenarios,
 * phase by phase, as the graph draws them (core/scenarios/scene.ts). Empty when the map declares none.
 */
export namespace ScenariosRequest {
  export const method = 'incidentmap/scenarios' as const;
  export type Params = { uri: string };
  export type Result = { scenarios: import('../core/graph/scene').SceneScenario[]; version: number };
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Sent from the client to the server for every finding of one file, beyond the 1,000 diagnostics an
 * editor shows (the command "Incident Map: Show All Findings of This File"). In the order the
 * diagnostics use: by position.
 */
export namespace FileFindingsRequest {
  export const method = 'incidentmap/fileFindings' as const;
  export type Params = { uri: string };
  export type Result = { findings: { ruleId: string; severity: 'error' | 'warning' | 'info'; message: string; line: number; character: number }[] };
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Sent from the server to the client after it publishes the results of a new analysis of a map, so
 * an open graph panel can refresh and the status bar can show the map's health without polling.
 */
export namespace AnalyzedNotification {
  export const method = 'incidentmap/analyzed' as const;
  export type Params = {
    uri: string;
    version: number;
    /** false for the as-you-type pass (syntax, schema, references only). */
    full: boolean;
    counts: { error: number; warning: number; info: number };
    singlePointsOfFailure: number;
  };
  export const type = new NotificationType<Params>(method);
}

/** Arguments of the `incidentmap.openGraph` command that code lenses carry (the client registers it). */
export interface OpenGraphArgs {
  uri: string;
  simulate?: string[];
}

export const openGraphCommand = 'incidentmap.openGraph' as const;

/** The `incidentmap.*` settings the server reads per resource through workspace/configuration. */
export interface ServerSettings {
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  retryAmplificationMax: number | null;
  /** A duration such as `180d`. */
  rehearsalMaxAge: string | null;
  analyzeOn: 'type' | 'save';
}

/**
 * Sent from the browser language server (a web worker, which has no file system) to the web extension,
 * which reads the file with vscode.workspace.fs through the same gate as the Node server's reads: inside
 * a workspace folder and inside `root`, never under .git, a file (not a folder, not a symbolic link),
 * at most maxReadBytes (client/src/web/readFile.ts). A refusal comes back as a reason, never content.
 */
export namespace ReadFileRequest {
  export const method = 'incidentmap/readFile' as const;
  export type Params = { uri: string; root: string };
  export type Result = import('../core/host').HostReadResult;
  export const type = new RequestType<Params, Result, void>(method);

  const reasons: ReadonlySet<string> = new Set<import('../core/host').HostReadFailure>([
    'not-found', 'is-directory', 'too-large', 'unreadable', 'symlink-loop', 'outside-root', 'not-regular', 'git-internal',
  ]);
  /** The client's answer, checked: anything else is treated as unreadable. */
  export function isResult(v: unknown): v is Result {
    if (typeof v !== 'object' || v === null) {
      return false;
    }
    const r = v as Record<string, unknown>;
    return r['ok'] === true
      ? typeof r['text'] === 'string'
      : r['ok'] === false && typeof r['reason'] === 'string' && reasons.has(r['reason']) && (r['detail'] === undefined || typeof r['detail'] === 'string');
  }
}

/**
 * Sent from the browser language server to the web extension for the workspace scan: the map files
 * under the workspace folders (vscode.workspace.findFiles, node_modules and .git left out), at most `max`.
 */
export namespace FindMapsRequest {
  export const method = 'incidentmap/findMaps' as const;
  export type Params = { max: number };
  export type Result = { uris: string[] };
  export const type = new RequestType<Params, Result, void>(method);
}
