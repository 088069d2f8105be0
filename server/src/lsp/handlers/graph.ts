import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { blastRadius, graphFindings, graphModel } from '../../core/index';
import { GraphRequest, ScenariosRequest, SimulateRequest } from '../../protocol/lsp';
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
      return { graph: graphModel(uri, a.files, a.model), findings: graphFindings(ctx.workspace.findingsOf(uri)), version: a.seq };
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

  ctx.connection.onRequest(
    ScenariosRequest.method,
    ctx.request('scenarios', async (params: ScenariosRequest.Params, token): Promise<ScenariosRequest.Result> => {
      const uri = checkUri(params?.uri);
      const a = await analysed(uri, token);
      return { scenarios: await ctx.workspace.scenes(a), version: a.seq };
    }),
  );
}
