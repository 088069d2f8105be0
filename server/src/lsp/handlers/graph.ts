import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { blastRadius, type Model } from '../../core/index';
import { GraphRequest, SimulateRequest, type GraphModel } from '../../protocol/lsp';
import { checkUri, type ServerContext } from '../context';

/** The custom requests of the graph panel: a map's model summary, and failure simulation. */
export function registerGraph(ctx: ServerContext): void {
  const analysed = async (uri: string, token: Parameters<ServerContext['workspace']['whenSettled']>[1]) => {
    ctx.workspace.ensure(uri);
    await ctx.workspace.whenSettled(uri, token, 15000);
    const a = ctx.workspace.analysisOf(uri);
    if (!a) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an incident map the server has analysed.`);
    }
    return a;
  };

  ctx.connection.onRequest(
    GraphRequest.method,
    ctx.request('graph', async (params: GraphRequest.Params, token): Promise<GraphRequest.Result> => {
      const uri = checkUri(params?.uri);
      const a = await analysed(uri, token);
      return { graph: graphModel(uri, a.files, a.model), findings: ctx.workspace.findingsOf(uri), version: a.seq };
    }),
  );

  ctx.connection.onRequest(
    SimulateRequest.method,
    ctx.request('simulate', async (params: SimulateRequest.Params, token): Promise<SimulateRequest.Result> => {
      const uri = checkUri(params?.uri);
      if (!Array.isArray(params.fail) || !params.fail.every((x) => typeof x === 'string')) {
        throw new ResponseError(ErrorCodes.InvalidParams, 'fail must be a list of component or domain ids');
      }
      const a = await analysed(uri, token);
      const br = blastRadius(a.view.graph(), params.fail);
      return { ...br, version: a.seq };
    }),
  );
}

export function graphModel(uri: string, files: string[], model: Model): GraphModel {
  return {
    uri,
    files,
    components: [...model.components.values()].map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      tier: c.tier,
      owner: c.owner,
      runbook: c.runbook,
      domains: c.domains.map((r) => r.id),
      spreadAcross: c.spreadAcross.map((r) => r.id),
      signals: c.signals.length,
      leadingSignals: c.signals.filter((s) => s.leading).length,
      uri: c.uri,
      range: c.idRange,
    })),
    domains: [...model.domains.values()].map((d) => ({ id: d.id, name: d.name, kind: d.kind, parent: d.parent?.id, uri: d.uri, range: d.idRange })),
    // Edges to unknown components are left out: the unknown-reference finding reports them.
    edges: [...model.components.values()].flatMap((c) =>
      c.dependsOn.filter((d) => model.components.has(d.target.id)).map((d) => ({
        from: c.id,
        to: d.target.id,
        type: d.type,
        mode: d.mode,
        traffic: d.traffic,
        via: d.via.map((r) => r.id),
        fallback: d.fallback?.target?.id,
        timeoutMs: d.timeoutMs,
        retries: d.retries,
        uri: d.uri,
        range: d.target.range,
      })),
    ),
    failovers: model.failovers.map((f) => ({ from: f.from.id, to: f.to.id, mode: f.mode, escapes: f.escapes, uri: f.uri, range: f.range })),
  };
}
