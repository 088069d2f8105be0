// Hover text for components and domains, and the one-line blast radius a code lens shows. Everything
// an author wrote is escaped: maps come from pull requests, and hover Markdown must not become links
// or HTML the author did not mean.
import { escapeText } from '../escape';
import type { Component, Domain, Model } from '../model/types';
import { blastRadius, type BlastRadius } from '../propagation/blastRadius';
import type { PropGraph } from '../propagation/graph';
import { resolveRelative } from '../uri';
import { formatDuration, parseUrlOrPath } from '../values';
import { fieldDoc, specTypeName } from './completion';
import type { Spec } from '../schema/spec';
import { stressDigest, stressHoverLines, type StressDigest } from './stressHover';

/** Blast radius of failing `ids`, leaving out the failed elements themselves. */
export interface Impact {
  down: string[];
  degraded: string[];
  /** Standbys that go down (the failed one included): lost redundancy, not outages (issue 23, item 10). */
  standbys: string[];
  /** Primaries still up whose every failover target is now down. */
  uncovered: string[];
}

export function impactOf(graph: PropGraph, ids: string[]): Impact | undefined {
  // Counts and names only: no paths, which cost the square of a chain's length.
  const br: BlastRadius | { unknown: string[] } = blastRadius(graph, ids, { paths: false });
  if ('unknown' in br) {
    return undefined;
  }
  const failed = new Set(ids);
  return {
    down: br.down.filter((a) => !failed.has(a.id)).map((a) => a.id),
    degraded: br.degraded.filter((a) => !failed.has(a.id)).map((a) => a.id),
    standbys: br.standbys.map((a) => a.id),
    uncovered: [...new Set(br.standbys.flatMap((a) => a.uncovered))],
  };
}

/** The code lens over a component: "▼ 3 down · 2 degraded if this fails", and lost standbys when there are. */
export function impactTitle(impact: Impact): string {
  const lost = impact.uncovered.length > 0 ? ` · ${impact.uncovered.length} left without failover` : '';
  if (impact.down.length === 0 && impact.degraded.length === 0) {
    return lost ? `no outage if this fails${lost}` : 'nothing else fails with this';
  }
  return `▼ ${impact.down.length} down · ${impact.degraded.length} degraded${lost} if this fails`;
}

/** Escapes Markdown (and the HTML Markdown allows) in text an author wrote. */
export function md(text: string): string {
  // Line breaks become spaces; every other control character is made visible (core/escape.ts).
  return escapeText(text.replace(/\r?\n|\r/g, ' ')).replace(/[\\`*_{}[\]()#+\-.!|<>~&"']/g, (c) => `\\${c}`);
}

function code(id: string): string {
  return `\`${id.replace(/`/g, '')}\``;
}

function list(ids: string[], max = 8): string {
  const shown = ids.slice(0, max).map(code).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

function impactLines(impact: Impact | undefined, what: string): string[] {
  if (!impact) {
    return [];
  }
  const standby = impact.uncovered.length > 0 ? [`- Without failover now: ${list(impact.uncovered)} (standby ${list(impact.standbys)} ${impact.standbys.length > 1 ? 'are' : 'is'} down: lost redundancy, not an outage)`] : [];
  if (impact.down.length === 0 && impact.degraded.length === 0) {
    return [`**If ${what} fails:** nothing else goes down or degrades.`, ...standby];
  }
  const out = [`**If ${what} fails:** ▼ ${impact.down.length} down · ${impact.degraded.length} degraded`];
  if (impact.down.length > 0) {
    out.push(`- Down: ${list(impact.down)}`);
  }
  if (impact.degraded.length > 0) {
    out.push(`- Degraded: ${list(impact.degraded)}`);
  }
  out.push(...standby);
  return out;
}

/**
 * Runbook links: an http(s) URL as written; a path in the repository resolved against the map's
 * folder (the file the component is declared in) and linked as that file, which the editor opens.
 * Characters that could end the link are escaped; anything else gets no link.
 */
function link(url: string, from: string): string | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) {
    if (!parseUrlOrPath(url).ok || /^[a-z][a-z0-9+.-]*:/i.test(url)) {
      return undefined;
    }
    url = resolveRelative(from, url.trim());
  }
  return `[runbook](${url.replace(/[()<>\s"'\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

export function componentHover(c: Component, graph: PropGraph | undefined, from?: string, digest?: StressDigest | null): string {
  const head = `**${code(c.id)}** · ${c.kind}${c.tier ? ` · tier ${c.tier}` : ''}${c.name ? ` · ${md(c.name)}` : ''}`;
  const lines = [head];
  if (c.description) {
    lines.push(md(c.description));
  }
  const who = [c.owner ? `Owner: ${md(c.owner)}` : 'No owner', c.runbook ? link(c.runbook, c.uri) : undefined].filter(Boolean).join(' · ');
  lines.push(who);
  if (c.domains.length > 0 || c.spreadAcross.length > 0) {
    const parts = [];
    if (c.domains.length > 0) {
      parts.push(`in ${list(c.domains.map((r) => r.id))}`);
    }
    if (c.spreadAcross.length > 0) {
      parts.push(`spread across ${list(c.spreadAcross.map((r) => r.id))}`);
    }
    lines.push(`Domains: ${parts.join('; ')}`);
  }
  if (c.dependsOn.length > 0) {
    const deps = c.dependsOn.map((d) => {
      const attrs: string[] = [d.type, d.mode];
      if (d.timeoutMs !== undefined) {
        attrs.push(`timeout ${formatDuration(d.timeoutMs)}`);
      }
      if (d.retries > 0) {
        attrs.push(`${d.retries} retries`);
      }
      if (d.fallback) {
        attrs.push('fallback');
      }
      return `${code(d.target.id)} (${attrs.join(', ')})`;
    });
    lines.push(`Depends on: ${deps.join(', ')}`);
  }
  const at = graph?.index.get(c.id);
  const dependents = graph && at !== undefined ? Array.from(graph.inEdges.subarray(graph.inStart[at], graph.inStart[at + 1]), (e) => graph.components[graph.edges.from[e]!]!.id) : [];
  if (dependents.length > 0) {
    lines.push(`Used by: ${list([...new Set(dependents)])}`);
  }
  if (c.signals.length > 0) {
    const sigs = c.signals.map((s) => {
      const thresholds = [s.warn !== undefined ? `warn ${s.warn}` : '', s.crit !== undefined ? `crit ${s.crit}` : ''].filter(Boolean).join(' / ');
      return `${md(s.name || s.metric)} (${s.leading ? 'leading' : 'lagging'}${thresholds ? `, ${thresholds}${s.unit ? ` ${md(s.unit)}` : ''}` : ''})`;
    });
    lines.push(`Signals: ${sigs.join(', ')}`);
  } else {
    lines.push('Signals: none');
  }
  lines.push(...impactLines(graph ? impactOf(graph, [c.id]) : undefined, 'it'));
  if (graph) {
    lines.push(...stressHoverLines(graph, c.id, digest === undefined ? stressDigest(graph) : digest));
  }
  if (from) {
    lines.push(`_As seen from ${md(from)}_`);
  }
  return lines.join('\n\n');
}

export function domainHover(model: Model, d: Domain, graph: PropGraph | undefined, from?: string): string {
  const lines = [`**${code(d.id)}** · failure domain · ${d.kind}${d.name ? ` · ${md(d.name)}` : ''}`];
  if (d.description) {
    lines.push(md(d.description));
  }
  if (d.parent) {
    lines.push(`Inside ${code(d.parent.id)}`);
  }
  const children = [...model.domains.values()].filter((x) => x.parent?.id === d.id).map((x) => x.id);
  if (children.length > 0) {
    lines.push(`Contains ${list(children)}`);
  }
  const members = [...model.components.values()].filter((c) => c.domains.some((r) => r.id === d.id)).map((c) => c.id);
  const spread = [...model.components.values()].filter((c) => c.spreadAcross.some((r) => r.id === d.id)).map((c) => c.id);
  if (members.length > 0) {
    lines.push(`Lives here: ${list(members)}`);
  }
  if (spread.length > 0) {
    lines.push(`Spread across it: ${list(spread)}`);
  }
  lines.push(...impactLines(graph ? impactOf(graph, [d.id]) : undefined, 'it'));
  if (from) {
    lines.push(`_As seen from ${md(from)}_`);
  }
  return lines.join('\n\n');
}

/** Hover over a key: what the field means, its type, and its values. */
export function keyHover(key: string, spec: Spec, required: boolean): string {
  return `**${code(key)}**${required ? ' (required)' : ''} · ${specTypeName(spec)}\n\n${fieldDoc(spec)}`;
}
