// Edits that editor code actions and rename apply. They read the file's text for its indentation and
// layout, so an inserted block looks as if the author wrote it.
import type { Fix, Range } from '../findings';
import type { Component, ComponentKind, Model } from '../model/types';
import { idPattern } from '../parse/validate';
import { basename } from '../uri';
import { occurrences, idTextRange, type SymbolKind } from './symbols';
import { blockEnd, parseLine, splitLines, startCol } from './text';

type Edit = Fix['edits'][number];

/** Rename edits for `id` across every model that sees it, or why the new name cannot be used. */
export function renameEdits(models: Model[], id: string, kind: SymbolKind, newName: string): { edits: Edit[] } | { error: string } {
  if (!idPattern.test(newName)) {
    return { error: `"${newName}" is not a valid id: use letters, digits, '-', '_' and '.'.` };
  }
  if (newName === id) {
    return { edits: [] };
  }
  for (const m of models) {
    const clash = m.components.get(newName) ?? m.domains.get(newName);
    if (clash) {
      return { error: `\`${newName}\` is already the id of a ${m.components.has(newName) ? 'component' : 'failure domain'} in ${basename(clash.uri)}.` };
    }
  }
  const seen = new Set<string>();
  const edits: Edit[] = [];
  for (const m of models) {
    for (const o of occurrences(m, id, kind)) {
      const range = idTextRange(o.range, id);
      const key = `${o.uri}#${range.start.line}:${range.start.character}`;
      if (!seen.has(key)) {
        seen.add(key);
        edits.push({ uri: o.uri, range, newText: newName });
      }
    }
  }
  return { edits };
}

/**
 * "Create component `x`" for an unknown reference: appends a skeleton item to the file's top-level
 * `components:` (or `domains:`) list, creating the list when the file has none.
 */
export function createElementFix(text: string, uri: string, section: 'components' | 'domains', id: string): Fix | undefined {
  if (!idPattern.test(id)) {
    return undefined;
  }
  const lines = splitLines(text);
  const kind = section === 'components' ? 'service' : 'zone';
  const title = `Create ${section === 'components' ? 'component' : 'failure domain'} \`${id}\``;
  const header = lines.findIndex((l) => {
    const info = parseLine(l);
    return info.key === section && info.col === 0 && info.dashes.length === 0;
  });
  if (header < 0) {
    const eol = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    const end = endOf(lines);
    return { title, edits: [{ uri, range: { start: end, end }, newText: `${eol}${section}:\n  - id: ${id}\n    kind: ${kind}\n` }] };
  }
  const headInfo = parseLine(lines[header] ?? '');
  if (headInfo.value !== '' && headInfo.value !== '[]') {
    return undefined; // a non-empty flow list: leave the layout to the author
  }
  const last = blockEnd(lines, header, (info) => startCol(info) > 0 || info.dashes[0] === 0);
  const firstItem = lines.slice(header + 1, last + 1).map(parseLine).find((i) => i.dashes.length > 0);
  const dash = firstItem?.dashes[0] ?? 2;
  const pad = ' '.repeat(dash);
  const item = `${pad}- id: ${id}\n${pad}  kind: ${kind}\n`;
  const edits: Edit[] = [];
  if (headInfo.value === '[]') {
    const l = lines[header] ?? '';
    const at = l.indexOf('[]', headInfo.valueCol);
    edits.push({ uri, range: { start: { line: header, character: at }, end: { line: header, character: at + 2 } }, newText: '' });
  }
  edits.push(insertAfterLine(uri, lines, last, item));
  return { title, edits };
}

/** A leading saturation signal that fits the component's kind, as a starting point. */
const leadingByKind: Partial<Record<ComponentKind, { name: string; unit: string; warn: number; crit: number }>> = {
  queue: { name: 'consumer lag', unit: 's', warn: 30, crit: 120 },
  stream: { name: 'consumer lag', unit: 's', warn: 30, crit: 120 },
  datastore: { name: 'connection-pool usage', unit: '%', warn: 70, crit: 90 },
  storage: { name: 'replication lag', unit: 's', warn: 5, crit: 30 },
  cache: { name: 'memory usage', unit: '%', warn: 80, crit: 95 },
  compute: { name: 'GPU memory usage', unit: '%', warn: 85, crit: 95 },
  power: { name: 'feed load', unit: '%', warn: 70, crit: 85 },
  cooling: { name: 'coolant supply temperature', unit: 'C', warn: 24, crit: 27 },
  network: { name: 'link utilisation', unit: '%', warn: 70, crit: 90 },
  'load-balancer': { name: 'connection-table usage', unit: '%', warn: 70, crit: 90 },
};

/**
 * "Add a leading signal skeleton" for missing-leading-signal: a new item in the component's
 * `signals:` list, or a new `signals:` block at the end of the component.
 */
export function leadingSignalFix(text: string, c: Component): Fix | undefined {
  const lines = splitLines(text);
  const s = leadingByKind[c.kind] ?? { name: 'request queue depth', unit: 'requests', warn: 50, crit: 200 };
  const fields = [`name: ${s.name}`, 'metric: TODO', `warn: ${s.warn}`, `crit: ${s.crit}`, `unit: '${s.unit}'`, 'leading: true'];
  const title = `Add a leading signal skeleton to ${c.id}`;
  const signals = c.ranges['signals'];
  if (signals) {
    const line = lines[signals.start.line] ?? '';
    const at = line[signals.start.character];
    if (at === '[') {
      // A flow list: add a flow mapping before its closing bracket.
      const end = signals.end;
      const closing = { line: end.line, character: Math.max(0, end.character - 1) };
      const empty = c.signals.length === 0 && (lines[closing.line] ?? '').slice(0, closing.character).trimEnd().endsWith('[');
      return { title, edits: [{ uri: c.uri, range: { start: closing, end: closing }, newText: `${empty ? '' : ', '}{${fields.join(', ')}}` }] };
    }
    if (at !== '-') {
      return undefined;
    }
    const dash = signals.start.character;
    const last = blockEnd(lines, signals.start.line, (info) => startCol(info) > dash || info.dashes[0] === dash);
    const pad = ' '.repeat(dash);
    const item = fields.map((f, i) => `${pad}${i === 0 ? '- ' : '  '}${f}\n`).join('');
    return { title, edits: [insertAfterLine(c.uri, lines, last, item)] };
  }
  const head = parseLine(lines[c.idRange.start.line] ?? '');
  if (head.key !== 'id') {
    return undefined; // a flow mapping component: leave it to the author
  }
  const col = head.col;
  const first = c.range.start.line;
  const last = blockEnd(lines, first, (info) => startCol(info) >= col);
  const pad = ' '.repeat(col);
  const item = `${pad}signals:\n` + fields.map((f, i) => `${pad}  ${i === 0 ? '- ' : '  '}${f}\n`).join('');
  return { title, edits: [insertAfterLine(c.uri, lines, last, item)] };
}

function endOf(lines: string[]): { line: number; character: number } {
  const line = Math.max(0, lines.length - 1);
  return { line, character: (lines[line] ?? '').length };
}

/** Inserts whole lines after `line`, adding the newline a last line without one needs. */
function insertAfterLine(uri: string, lines: string[], line: number, block: string): Edit {
  if (line + 1 < lines.length) {
    const at: Range = { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } };
    return { uri, range: at, newText: block };
  }
  const end = endOf(lines);
  return { uri, range: { start: end, end }, newText: `\n${block.replace(/\n$/, '')}` };
}
