// The map as Graphviz DOT and as Mermaid, for tools and pages that render those themselves (a Mermaid
// block in a PR description renders on GitHub). Same containers, edge styles and severities as the SVG.
import { escapeText } from '../escape';
import { worseSeverity } from '../findings';
import type { GraphFinding, GraphModel, Severity } from './model';
import { anchorOf } from './model';
import { placement, placementParent } from './layout';
import { escapeMermaid } from '../escape';

/** The worst severity on each component and edge (`e:N`, `f:N`), as the SVG shows it. */
function severities(g: GraphModel, findings: GraphFinding[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const f of findings) {
    const a = anchorOf(g, f);
    const key = !a ? undefined : a.kind === 'component' ? a.id : a.kind === 'edge' ? `e:${a.index}` : a.kind === 'failover' ? `f:${a.index}` : undefined;
    if (key) {
      out.set(key, worseSeverity(out.get(key), f.severity));
    }
  }
  return out;
}

/** Containers as a tree: domain id → child domain ids and component ids, for nested clusters/subgraphs. */
function nesting(g: GraphModel) {
  const where = placement(g);
  const domains = new Map(g.domains.map((d) => [d.id, d]));
  const placedParent = (id: string) => placementParent(domains, id);
  const used = new Set<string>();
  for (const d of where.values()) {
    const seen = new Set<string>();
    for (let x = d; x && !seen.has(x); x = placedParent(x)) {
      seen.add(x);
      used.add(x);
    }
  }
  const children = new Map<string | undefined, { domains: string[]; components: string[] }>();
  const entry = (k: string | undefined) => children.get(k) ?? (children.set(k, { domains: [], components: [] }), children.get(k)!);
  for (const d of g.domains) {
    if (used.has(d.id)) {
      entry(placedParent(d.id)).domains.push(d.id);
    }
  }
  for (const c of g.components) {
    entry(where.get(c.id)).components.push(c.id);
  }
  return { children, domains };
}

const colours: Record<Severity, string> = { error: '#cf222e', warning: '#9a6700', info: '#0969da' };

// Quoted, and every control character but the line breaks (DOT's \n) made visible (core/escape.ts):
// ESC, NUL or a bidi override in a name reaches neither a terminal nor a viewer.
const dotString = (s: string) => `"${s.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => escapeText(ch)).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;

export function toDot(g: GraphModel, findings: GraphFinding[] = []): string {
  const sev = severities(g, findings);
  const { children, domains } = nesting(g);
  const components = new Map(g.components.map((c) => [c.id, c]));
  const out: string[] = ['digraph incidentmap {', '  graph [rankdir=TB, fontname="Helvetica", fontsize=11];', '  node [shape=box, style="rounded,filled", fillcolor="#f6f8fa", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  let cluster = 0;
  const emit = (key: string | undefined, indent: string) => {
    const e = children.get(key);
    for (const d of e?.domains ?? []) {
      const dom = domains.get(d)!;
      out.push(`${indent}subgraph cluster_${cluster++} {`, `${indent}  label=${dotString(`${dom.kind} ${dom.name ?? dom.id}`)}; style="dashed,rounded"; color="#8c959f";`);
      emit(d, indent + '  ');
      out.push(`${indent}}`);
    }
    for (const id of e?.components ?? []) {
      const c = components.get(id)!;
      const s = sev.get(id);
      const sub = [c.kind, c.tier ? `tier ${c.tier}` : undefined, c.owner].filter(Boolean).join(' · ');
      out.push(`${indent}${dotString(id)} [label=${dotString(`${c.name ?? c.id}\n${sub}`)}${c.tier === 1 ? ', penwidth=2' : ''}${s ? `, color=${dotString(colours[s])}, penwidth=2.5, tooltip=${dotString(s)}` : ''}];`);
    }
  };
  emit(undefined, '  ');
  g.edges.forEach((e, i) => {
    const style = e.mode === 'async' ? 'dotted' : e.type === 'soft' ? 'dashed' : 'solid';
    const s = sev.get(`e:${i}`);
    const attrs = [`style=${style}`, e.mode === 'async' ? 'arrowhead=vee' : undefined, e.traffic !== 'business' ? 'color="#8250df"' : undefined, e.via.length ? `label=${dotString(`via ${e.via.join(', ')}`)}` : undefined, s ? `color=${dotString(colours[s])}, penwidth=2` : undefined];
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.filter(Boolean).join(', ')}];`);
  });
  g.failovers.forEach((f, i) => {
    const s = sev.get(`f:${i}`);
    out.push(`  ${dotString(f.from)} -> ${dotString(f.to)} [style=dashed, color=${dotString(s ? colours[s] : '#0969da')}, penwidth=2, label=${dotString(`${f.mode} failover`)}];`);
  });
  out.push('}');
  return out.join('\n') + '\n';
}

// Mermaid ids allow few characters and labels are HTML-ish: ids are numbered, labels use entity codes
// (escape.ts: also `%`, so no `%%{init}%%` directive can form, and controls made visible).
const mermaidText = escapeMermaid;

export function toMermaid(g: GraphModel, findings: GraphFinding[] = []): string {
  const sev = severities(g, findings);
  const { children, domains } = nesting(g);
  const components = new Map(g.components.map((c) => [c.id, c]));
  const nid = new Map(g.components.map((c, i) => [c.id, `n${i}`]));
  const did = new Map(g.domains.map((d, i) => [d.id, `d${i}`]));
  const out: string[] = ['flowchart TB'];
  const emit = (key: string | undefined, indent: string) => {
    const e = children.get(key);
    for (const d of e?.domains ?? []) {
      const dom = domains.get(d)!;
      out.push(`${indent}subgraph ${did.get(d)}[${mermaidText(`${dom.kind} ${dom.name ?? dom.id}`)}]`);
      emit(d, indent + '  ');
      out.push(`${indent}end`);
    }
    for (const id of e?.components ?? []) {
      const c = components.get(id)!;
      const sub = [c.kind, c.tier ? `tier ${c.tier}` : undefined].filter(Boolean).join(' · ');
      out.push(`${indent}${nid.get(id)}(${mermaidText(`${c.name ?? c.id} (${sub})`)})`);
    }
  };
  emit(undefined, '  ');
  let link = 0;
  const linkStyles: string[] = [];
  g.edges.forEach((e, i) => {
    const arrow = e.mode === 'async' ? '-.->|async|' : e.type === 'soft' ? '-.->' : '-->';
    const via = e.via.length ? `|${mermaidText(`via ${e.via.join(', ')}`)}|` : '';
    out.push(`  ${nid.get(e.from)} ${e.mode === 'async' ? arrow : arrow + via} ${nid.get(e.to)}`);
    const s = sev.get(`e:${i}`);
    if (s) {
      linkStyles.push(`  linkStyle ${link} stroke:${colours[s]},stroke-width:2px`);
    }
    link++;
  });
  g.failovers.forEach((f, i) => {
    out.push(`  ${nid.get(f.from)} ==>|${mermaidText(`${f.mode} failover`)}| ${nid.get(f.to)}`);
    linkStyles.push(`  linkStyle ${link} stroke:${colours[sev.get(`f:${i}`) ?? 'info']},stroke-width:2px`);
    link++;
  });
  out.push(...linkStyles);
  out.push(`  classDef error stroke:${colours.error},stroke-width:3px`, `  classDef warning stroke:${colours.warning},stroke-width:3px`, `  classDef info stroke:${colours.info},stroke-width:2px`);
  for (const [id, s] of sev) {
    if (nid.has(id) && components.has(id) && !id.startsWith('e:')) {
      out.push(`  class ${nid.get(id)} ${s}`);
    }
  }
  return out.join('\n') + '\n';
}
