// The formats of `incidentmap diff`: text for a terminal, json for tools (the Action reads
// `summary`), markdown for the pull-request comment (headline, details, a Mermaid picture of what
// changed, within GitHub's limit), and github annotations on the changed lines of the head.
import { docsUrl, escapeText, formatDuration, type BlastRadiusChange, type ResilienceDiff, type SnapshotFinding, type Where } from '../../core/index';
import { annotation, annotationsShownPerLevel, escapeData, prop } from './github';
import { Budget, githubCommentLimit, location, mdCode, mdText, type LinkBase } from './markdownText';

export interface DiffSource {
  /** What the head was compared with: "--base origin/main (3f2a1c9)" or "--baseline base.json". */
  base: string;
}

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const list = (ids: readonly string[], max = 8) => (ids.length === 0 ? 'none' : `${ids.slice(0, max).join(', ')}${ids.length > max ? ` and ${ids.length - max} more` : ''}`);
const ms = (v: number) => formatDuration(v);

/** One line per change, regressions first: what text and markdown both list. */
interface Item {
  worse: boolean;
  section: string;
  /** Plain text: the caller escapes for its format. */
  text: string;
  at?: Where;
}

function items(d: ResilienceDiff): Item[] {
  const out: Item[] = [];
  const radius = (b: BlastRadiusChange) => {
    const parts: string[] = [];
    if (b.down.added.length > 0) parts.push(`now takes down ${list(b.down.added)}`);
    if (b.degraded.added.length > 0) parts.push(`now degrades ${list(b.degraded.added)}`);
    if (b.down.removed.length > 0) parts.push(`no longer takes down ${list(b.down.removed)}`);
    if (b.degraded.removed.length > 0) parts.push(`no longer degrades ${list(b.degraded.removed)}`);
    return `${b.id}: ${b.before} → ${n(b.after, 'component')} affected (down ${b.down.before.length} → ${b.down.after.length}, degraded ${b.degraded.before.length} → ${b.degraded.after.length}); ${parts.join('; ')}`;
  };
  for (const b of d.blastRadius) {
    out.push({ worse: b.direction === 'wider', section: b.direction === 'wider' ? 'Blast radius grew' : 'Blast radius shrank', text: radius(b), at: b.at });
  }
  for (const p of d.singlePoints.added) {
    out.push({ worse: true, section: 'New single points of failure', text: `${p.kind === 'domain' ? 'domain ' : ''}${p.id}: its failure alone takes down tier-1 ${list(p.down)}`, at: p.at });
  }
  for (const p of d.singlePoints.removed) {
    out.push({ worse: false, section: 'Single points of failure removed', text: `${p.kind === 'domain' ? 'domain ' : ''}${p.id} no longer takes down ${list(p.down)} alone` });
  }
  for (const f of d.failovers.removed) {
    out.push({ worse: true, section: 'Failovers removed', text: `${f.from} → ${f.to} (was at ${f.at.path}:${f.at.line})`, at: f.primaryAt });
  }
  for (const f of d.failovers.nowSameDomain) {
    out.push({ worse: true, section: 'Failovers now inside one failure domain', text: `${f.from} → ${f.to} shares ${list(f.sharedAfter)} with its primary: one failure takes out both`, at: f.at });
  }
  for (const f of d.failovers.added.filter((x) => x.sharedDomains.length === 0)) {
    out.push({ worse: false, section: 'Failovers added', text: `${f.from} → ${f.to}`, at: f.at });
  }
  for (const f of d.failovers.noLongerSameDomain) {
    out.push({ worse: false, section: 'Failovers that now escape their domain', text: `${f.from} → ${f.to} no longer shares ${list(f.sharedBefore)}`, at: f.at });
  }
  for (const r of d.retryAmplification) {
    out.push({ worse: r.direction === 'grew', section: r.direction === 'grew' ? 'Retry amplification grew' : 'Retry amplification shrank', text: `${r.id}: one request can become ${r.before} → ${r.after} calls further down`, at: r.at });
  }
  for (const w of d.worstWait) {
    out.push({ worse: w.direction === 'grew', section: w.direction === 'grew' ? 'Worst-case wait grew' : 'Worst-case wait shrank', text: `${w.id}: may wait ${ms(w.before)} → ${ms(w.after)} on one call (timeout × attempts)`, at: w.at });
  }
  if (d.outcomes.compared) {
    for (const o of d.outcomes.changed) {
      out.push({ worse: o.direction === 'worse' || o.direction === 'new', section: 'Scenario and journey outcomes changed', text: `${o.kind} ${o.id}: ${o.before ?? '(new)'} → ${o.after ?? '(removed)'}`, at: o.at });
    }
  }
  return out;
}

const sevWord = (f: SnapshotFinding) => f.severity;

// ---------------------------------------------------------------------------------------------- text

export function renderDiffText(d: ResilienceDiff, source: DiffSource): string {
  const s = d.summary;
  const out = [`incidentmap diff against ${source.base}`, '', `${capital(d.headline)}.`, ''];
  out.push(`${n(s.regressions, 'regression')}, ${n(s.improvements, 'improvement')}; ${n(s.newFindings, 'new finding')}, ${n(s.resolvedFindings, 'resolved finding')}; ${s.suppressed} suppressed (${s.newSuppressions} new)`, '');
  const all = items(d);
  for (const worse of [true, false]) {
    const sections = new Map<string, Item[]>();
    all.filter((i) => i.worse === worse).forEach((i) => sections.set(i.section, [...(sections.get(i.section) ?? []), i]));
    for (const [title, list] of sections) {
      out.push(`${title} (${list.length})`);
      list.forEach((i) => out.push(`  ${i.text}${i.at ? `  [${i.at.path}:${i.at.line}]` : ''}`));
      out.push('');
    }
  }
  if (d.findings.new.length > 0) {
    out.push(`New findings (${d.findings.new.length})`);
    d.findings.new.forEach((f) => out.push(`  ${f.path}:${f.span.startLine}  ${sevWord(f)}  ${f.message}  [${f.ruleId}]`));
    out.push('');
  }
  if (d.findings.resolved.length > 0) {
    out.push(`Resolved findings (${d.findings.resolved.length})`);
    d.findings.resolved.forEach((f) => out.push(`  ${f.path}:${f.span.startLine}  ${sevWord(f)}  ${f.message}  [${f.ruleId}]`));
    out.push('');
  }
  const c = d.components;
  if (c.added.length + c.removed.length + c.moved.length > 0) {
    out.push('Components');
    if (c.added.length > 0) out.push(`  added: ${list(c.added.map((x) => x.id), 20)}`);
    if (c.removed.length > 0) out.push(`  removed: ${list(c.removed.map((x) => x.id), 20)}`);
    c.moved.forEach((m) => out.push(`  moved: ${m.id} ${m.from.path} → ${m.to.path}`));
    out.push('');
  }
  if (d.suppressions.head.length > 0) {
    out.push(`Suppressed (${d.suppressions.head.length}, ${d.suppressions.added.length} added by this change)`);
    const added = new Set(d.suppressions.added);
    d.suppressions.head.forEach((x) => out.push(`  ${added.has(x) ? 'new ' : ''}${x.path}:${x.line}  ${x.ruleId}: ${x.reason}`));
    out.push('');
  }
  if (!d.outcomes.compared) {
    out.push(`Scenarios and journeys: not compared (${d.outcomes.reason}).`, '');
  }
  return out.map(logLine).join('\n');
}

/**
 * One line of the text format, as check's text format writes its lines: control characters made
 * visible (an id, path, message or reason can carry a newline or ESC), and never starting with `::`,
 * even after the indentation (the Actions runner trims leading spaces before it reads a workflow
 * command): a path or id there is written `./::…`.
 */
function logLine(line: string): string {
  return escapeText(line).replace(/^(\s*):/, '$1./:');
}

// ---------------------------------------------------------------------------------------------- json

export const diffJsonVersion = 1;

export function renderDiffJson(d: ResilienceDiff, source: DiffSource, version: string): string {
  const { summary, headline, ...rest } = d;
  return JSON.stringify({ version: diffJsonVersion, tool: { name: 'incidentmap', version }, base: source.base, summary, headline, ...rest }, null, 2) + '\n';
}

// ------------------------------------------------------------------------------------------ markdown

/** Mermaid label text: quotes, markup and its own entity syntax written as Mermaid entity codes. */
export function mermaidLabel(s: string): string {
  return s
    .replace(/\r?\n|\r/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/[[\]{}()|]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** The changed paths as a Mermaid flowchart: at most `maxEdges` edges; the count left out is returned. */
export function mermaidOf(d: ResilienceDiff, maxEdges = 60): { text: string; omitted: number; edges: number } {
  const ids = new Map<string, string>();
  const node = (id: string) => {
    let k = ids.get(id);
    if (k === undefined) {
      k = `n${ids.size}`;
      ids.set(id, k);
    }
    return k;
  };
  const worse: string[] = [];
  const better: string[] = [];
  const edges: string[] = [];
  let omitted = 0;
  const edge = (from: string, arrow: string, to: string, bad: boolean) => {
    if (edges.length >= maxEdges) {
      omitted++;
      return;
    }
    edges.push(`  ${node(from)} ${arrow} ${node(to)}`);
    (bad ? worse : better).push(node(to));
  };
  const drawn = new Set<string>();
  for (const b of d.blastRadius) {
    const newlyDegraded = b.degraded.added.filter((x) => !b.down.before.includes(x));
    const arrow = (x: string) => (b.down.added.includes(x) ? '-->|now takes down|' : newlyDegraded.includes(x) ? '-.->|now degrades|' : '-->');
    for (const x of [...b.down.added, ...newlyDegraded]) {
      // The path the failure now takes, from the failing component to x, when the head recorded it.
      const chain = [x];
      for (let cur = x; b.via?.[cur] !== undefined && cur !== b.id && chain.length < 1000; ) {
        cur = b.via[cur]!;
        chain.unshift(cur);
      }
      if (chain[0] !== b.id) {
        chain.unshift(b.id);
      }
      for (let k = 1; k < chain.length; k++) {
        const key = `${chain[k - 1]}\u0000${chain[k]}`;
        if (!drawn.has(key)) {
          drawn.add(key);
          edge(chain[k - 1]!, arrow(chain[k]!), chain[k]!, true);
        }
      }
    }
    b.down.removed.forEach((x) => edge(b.id, '-.->|no longer takes down|', x, false));
  }
  for (const p of d.singlePoints.added) {
    p.down.forEach((x) => edge(p.id, '==>|single point of failure for|', x, true));
  }
  for (const f of d.failovers.removed) {
    edge(f.from, '-.->|failover removed|', f.to, true);
  }
  for (const f of d.failovers.nowSameDomain) {
    edge(f.from, '-.->|failover inside one domain|', f.to, true);
  }
  for (const f of d.failovers.added.filter((x) => x.sharedDomains.length === 0)) {
    edge(f.from, '==>|failover added|', f.to, false);
  }
  if (edges.length === 0) {
    return { text: '', omitted, edges: 0 };
  }
  const lines = ['flowchart LR'];
  for (const [id, k] of ids) {
    lines.push(`  ${k}["${mermaidLabel(id)}"]`);
  }
  lines.push(...edges);
  lines.push('  classDef worse fill:#ffebe9,stroke:#cf222e,color:#1f2328');
  lines.push('  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328');
  const worseSet = [...new Set(worse)];
  const betterSet = [...new Set(better)].filter((x) => !worseSet.includes(x));
  if (worseSet.length > 0) lines.push(`  class ${worseSet.join(',')} worse`);
  if (betterSet.length > 0) lines.push(`  class ${betterSet.join(',')} better`);
  return { text: lines.join('\n'), omitted, edges: edges.length };
}

export interface DiffMarkdownOptions {
  links?: LinkBase;
  maxChars?: number;
  maxEdges?: number;
}

export function renderDiffMarkdown(d: ResilienceDiff, source: DiffSource, options: DiffMarkdownOptions = {}): string {
  // Everything when it fits; otherwise a version that folds, keeping room for the note that says so.
  const full = diffMarkdown(d, source, { ...options, maxChars: Infinity });
  return full.length <= (options.maxChars ?? githubCommentLimit) ? full : diffMarkdown(d, source, options);
}

function diffMarkdown(d: ResilienceDiff, source: DiffSource, options: DiffMarkdownOptions): string {
  const { links, maxChars = githubCommentLimit, maxEdges = 60 } = options;
  const s = d.summary;
  const out = new Budget(maxChars);
  const icon = s.regressions > 0 ? '🔴' : s.improvements > 0 ? '🟢' : '⚪';
  out.add(`### incidentmap diff\n\n${icon} **${mdText(capital(d.headline))}.**\n`);
  out.add(`${n(s.regressions, 'regression')}, ${n(s.improvements, 'improvement')} · ${n(s.newFindings, 'new finding')}, ${n(s.resolvedFindings, 'resolved finding')} · ${s.suppressed} suppressed (${s.newSuppressions} added by this change) · compared with ${mdText(source.base)}\n`);
  let left = 0;
  const all = items(d);
  const picture = mermaidOf(d, maxEdges);
  for (const worse of [true, false]) {
    const sections = new Map<string, Item[]>();
    all.filter((i) => i.worse === worse).forEach((i) => sections.set(i.section, [...(sections.get(i.section) ?? []), i]));
    for (const [title, list] of sections) {
      if (!out.add(`**${worse ? '⚠️ ' : ''}${title}** (${list.length})\n`)) {
        left += list.length;
        continue;
      }
      const rows = list.map((i) => `- ${mdText(i.text)}${i.at ? ` (${location(i.at.path, i.at.line, links)})` : ''}`);
      const fitted = out.addRows(rows);
      left += rows.length - fitted;
      out.add('');
    }
    if (worse && picture.text !== '') {
      const block = `<details open><summary>What changed, as a picture${picture.omitted > 0 ? ` (${n(picture.omitted, 'more change')} not drawn)` : ''}</summary>\n\n\`\`\`mermaid\n${picture.text}\n\`\`\`\n\n</details>\n`;
      if (!out.add(block)) {
        left += picture.edges;
      }
    }
  }
  // A base file's rule id is untrusted: encoded in the link, so a `|` cannot end the cell or `)` the link.
  const ruleUrl = (id: string) => docsUrl(encodeURIComponent(id)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  const findingRows = (list: SnapshotFinding[]) => list.map((f) => `| ${f.severity} | ${location(f.path, f.span.startLine, links)} | [${mdText(f.ruleId)}](${ruleUrl(f.ruleId)}) | ${mdText(f.message)} |`);
  for (const [title, list, open] of [
    ['New findings', d.findings.new, true],
    ['Resolved findings', d.findings.resolved, false],
  ] as const) {
    if (list.length === 0) {
      continue;
    }
    if (!out.add(`<details${open ? ' open' : ''}><summary>${title} (${list.length})</summary>\n\n| Severity | Location | Rule | Finding |\n| --- | --- | --- | --- |`)) {
      left += list.length;
      continue;
    }
    const fitted = out.addRows(findingRows([...list]));
    left += list.length - fitted;
    out.force('\n</details>\n');
  }
  const c = d.components;
  if (c.added.length + c.removed.length + c.moved.length > 0) {
    const lines = [
      ...(c.added.length > 0 ? [`- added: ${c.added.map((x) => mdCode(x.id)).join(', ')}`] : []),
      ...(c.removed.length > 0 ? [`- removed: ${c.removed.map((x) => mdCode(x.id)).join(', ')}`] : []),
      ...c.moved.map((m) => `- moved: ${mdCode(m.id)} from ${mdCode(m.from.path)} to ${mdCode(m.to.path)}`),
    ];
    if (out.add('<details><summary>Components added, removed or moved</summary>\n')) {
      left += lines.length - out.addRows(lines);
      out.force('\n</details>\n');
    } else {
      left += lines.length;
    }
  }
  if (d.suppressions.head.length > 0) {
    const added = new Set(d.suppressions.added);
    if (out.add(`<details><summary>${d.suppressions.head.length} suppressed (${d.suppressions.added.length} added by this change)</summary>\n\n| | Location | Rule | Reason |\n| --- | --- | --- | --- |`)) {
      const rows = d.suppressions.head.map((x) => `| ${added.has(x) ? 'new' : ''} | ${location(x.path, x.line, links)} | ${mdText(x.ruleId)} | ${mdText(x.reason)} |`);
      left += rows.length - out.addRows(rows);
      out.force('\n</details>\n');
    } else {
      left += d.suppressions.head.length;
    }
  }
  if (!d.outcomes.compared) {
    out.add(`<sub>Scenarios and journeys: not compared (${mdText(d.outcomes.reason)}).</sub>\n`);
  }
  if (left > 0) {
    out.force(`**${left} more ${left === 1 ? 'entry is' : 'entries are'} not shown: GitHub limits a comment to ${maxChars.toLocaleString('en-US')} characters.** Run \`incidentmap diff\` locally, or use \`--format json\`, for all of them.\n`);
  }
  return out.toString() + '\n';
}

// -------------------------------------------------------------------------------------------- github

/** Annotations on the head's lines: regressions as warnings (new error findings as errors), then a summary notice. */
export function renderDiffGithub(d: ResilienceDiff, source: DiffSource): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, notice: 0 };
  const at = (level: 'error' | 'warning' | 'notice', where: Where | undefined, title: string, message: string) => {
    counts[level]++;
    if (where) {
      lines.push(annotation(level, where.path, { startLine: where.line, startColumn: 1, endLine: where.line, endColumn: 1 }, title, message).replace(/,col=1,endLine=(\d+),endColumn=1/, ',endLine=$1'));
    } else {
      lines.push(`::${level} title=${prop(title)}::${escapeData(message)}`);
    }
  };
  for (const i of items(d)) {
    if (i.worse) {
      at('warning', i.at, `incidentmap diff: ${i.section.toLowerCase()}`, i.text);
    }
  }
  for (const f of d.findings.new) {
    at(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice', { path: f.path, line: f.span.startLine }, `incidentmap ${f.ruleId} (new)`, f.message);
  }
  const s = d.summary;
  const hidden = (['error', 'warning', 'notice'] as const).filter((l) => counts[l] > annotationsShownPerLevel).map((l) => n(counts[l] - annotationsShownPerLevel, l));
  const note = [
    `incidentmap diff against ${source.base}: ${capital(d.headline)}`,
    `${n(s.regressions, 'regression')}, ${n(s.improvements, 'improvement')}; ${n(s.newFindings, 'new finding')}, ${n(s.resolvedFindings, 'resolved finding')}; ${s.suppressed} suppressed (${s.newSuppressions} new)`,
    ...(hidden.length > 0 ? [`GitHub shows only ${annotationsShownPerLevel} annotations per level in a step: ${hidden.join(' and ')} ${hidden.length === 1 && hidden[0]!.startsWith('1 ') ? 'is' : 'are'} not shown. Run \`incidentmap diff\` locally or use --format markdown for all of them`] : []),
  ];
  lines.push(`::notice title=${prop('incidentmap diff summary')}::${escapeData(note.join('. '))}`);
  return lines.join('\n') + '\n';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
