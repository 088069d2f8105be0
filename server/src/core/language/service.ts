// Editor features over the analyses that see a file. A file can be seen by several maps: its own
// analysis (it and its includes) and every map that includes it. Definitions come from the first view
// that resolves an id; references and rename gather every view that shares the definition; blast radius
// comes from the largest view, because the maps that include a file know who depends on it.
import { stressDigest, stressLensSuffix, type StressDigest } from './stressHover';
import type { Position, Range } from '../findings';
import type { Model } from '../model/types';
import type { PropGraph } from '../propagation/graph';
import { basename } from '../uri';
import { keyAt } from './context';
import { renameEdits } from './edits';
import { componentHover, domainHover, impactOf, impactTitle, keyHover } from './hover';
import { definitionOf, idTextRange, occurrences, symbolAt, type Occurrence, type SymbolHit, type SymbolKind } from './symbols';

/** One analysis that includes the file: its entry map, its model and (lazily) its graph. */
export interface View {
  entry: string;
  model: Model;
  graph(): PropGraph;
  /**
   * The stress digest of this analysis, when it was computed elsewhere (the language server's worker);
   * undefined while none has arrived. Without this method, the graph's own is computed when asked.
   */
  stress?(): StressDigest | undefined;
}

/** null: this analysis has no digest yet (the hover and lens say nothing about load rather than compute it here). */
function digestOf(view: View): StressDigest | null {
  return view.stress ? (view.stress() ?? null) : (stressDigest(view.graph()) ?? null);
}

interface Resolved {
  hit: SymbolHit;
  kind: SymbolKind;
  def: Occurrence;
  /** Views whose definition of the id is the same one. */
  views: View[];
}

function resolveAt(uri: string, pos: Position, views: View[]): Resolved | undefined {
  for (const v of views) {
    const hit = symbolAt(v.model, uri, pos);
    if (!hit) {
      continue;
    }
    // An id unknown to this view may be known to a map that includes the file.
    for (const w of [v, ...views.filter((x) => x !== v)]) {
      const kind = hit.kind ?? (hit.expects !== 'domain' && w.model.components.has(hit.id) ? 'component' : hit.expects !== 'component' && w.model.domains.has(hit.id) ? 'domain' : undefined);
      const def = kind ? definitionOf(w.model, hit.id, kind) : undefined;
      if (kind && def) {
        const same = views.filter((x) => {
          const d = definitionOf(x.model, hit.id, kind);
          return d !== undefined && d.uri === def.uri && d.range.start.line === def.range.start.line;
        });
        return { hit, kind, def, views: same };
      }
    }
    return undefined;
  }
  return undefined;
}

/** The symbol under the cursor, even an unresolved one (for code actions and prepareRename errors). */
export function hitAt(uri: string, pos: Position, views: View[]): SymbolHit | undefined {
  for (const v of views) {
    const hit = symbolAt(v.model, uri, pos);
    if (hit) {
      return hit;
    }
  }
  return undefined;
}

function largest(views: View[]): View | undefined {
  return views.reduce<View | undefined>((best, v) => (!best || v.model.components.size > best.model.components.size ? v : best), undefined);
}

export function hoverAt(text: string, uri: string, pos: Position, views: View[]): { contents: string; range: Range } | undefined {
  const r = resolveAt(uri, pos, views);
  if (r) {
    const view = largest(r.views)!;
    const from = view.entry !== uri ? basename(view.entry) : undefined;
    const contents =
      r.kind === 'component'
        ? componentHover(view.model.components.get(r.hit.id)!, view.graph(), from, digestOf(view))
        : domainHover(view.model, view.model.domains.get(r.hit.id)!, view.graph(), from);
    return { contents, range: r.hit.range };
  }
  const hit = hitAt(uri, pos, views);
  if (hit) {
    const noun = hit.expects === 'component' ? 'component' : hit.expects === 'domain' ? 'failure domain' : 'component or failure domain';
    return { contents: `Unknown ${noun} \`${hit.id.replace(/`/g, '')}\`: define it, or include the file that does.`, range: hit.range };
  }
  const key = keyAt(text, pos);
  return key ? { contents: keyHover(key.key, key.spec, key.required), range: key.range } : undefined;
}

export function definitionAt(uri: string, pos: Position, views: View[]): Occurrence | undefined {
  const r = resolveAt(uri, pos, views);
  return r ? { ...r.def, range: r.def.range } : undefined;
}

export function referencesAt(uri: string, pos: Position, views: View[], includeDeclaration: boolean): Occurrence[] {
  const r = resolveAt(uri, pos, views);
  if (!r) {
    return [];
  }
  const seen = new Set<string>();
  const out: Occurrence[] = [];
  for (const v of r.views) {
    for (const o of occurrences(v.model, r.hit.id, r.kind, includeDeclaration)) {
      const key = `${o.uri}#${o.range.start.line}:${o.range.start.character}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(o);
      }
    }
  }
  return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

export function prepareRenameAt(uri: string, pos: Position, views: View[]): { range: Range; placeholder: string } | { error: string } | undefined {
  const r = resolveAt(uri, pos, views);
  if (r) {
    return { range: idTextRange(r.hit.range, r.hit.id), placeholder: r.hit.id };
  }
  const hit = hitAt(uri, pos, views);
  return hit ? { error: `\`${hit.id}\` is not defined in any map that includes this file, so it cannot be renamed.` } : undefined;
}

export function renameAt(uri: string, pos: Position, views: View[], newName: string): ReturnType<typeof renameEdits> | undefined {
  const r = resolveAt(uri, pos, views);
  return r ? renameEdits(r.views.map((v) => v.model), r.hit.id, r.kind, newName) : undefined;
}

export interface Lens {
  id: string;
  range: Range;
  /** The map whose graph the lens opens and simulates in. */
  entry: string;
}

/** One lens per component defined in `uri`, simulated in the largest view that sees the file. */
export function lensesFor(uri: string, views: View[]): Lens[] {
  const view = largest(views);
  if (!view) {
    return [];
  }
  const out: Lens[] = [];
  for (const c of view.model.components.values()) {
    if (c.uri === uri) {
      out.push({ id: c.id, range: c.idRange, entry: view.entry });
    }
  }
  return out;
}

export function lensTitle(view: View, id: string): string | undefined {
  const impact = view.model.components.has(id) ? impactOf(view.graph(), [id]) : undefined;
  return impact ? impactTitle(impact) + stressLensSuffix(view.graph(), id, digestOf(view)) : undefined;
}
