// The details pane: what the selection is (owner, runbook, where it is declared), its findings, and
// during a simulation or a scenario what is affected, each line a way to the element it names.
import { affectedSections, quietNote, type Scene, type SceneNode } from '../../server/src/core/graph/index';
import { panIntoView } from './camera';
import { post, save, saved } from './protocol';
import { currentFrame } from './scenarios';
import { dom, state, type Selection } from './state';

type Select = (sel: Selection | undefined, reveal: boolean) => void;

const el = (tag: string, text?: string, cls?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) {
    e.textContent = text;
  }
  if (cls) {
    e.className = cls;
  }
  return e;
};

function link(text: string, title: string, act: () => void): HTMLAnchorElement {
  const a = el('a', text) as HTMLAnchorElement;
  a.href = '#';
  a.title = title;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    act();
  });
  return a;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A list of component ids, each a link that selects the component and brings it into view. */
function idList(ids: string[], select: Select): HTMLElement {
  const ul = el('ul', undefined, 'ids');
  for (const id of ids.slice(0, 200)) {
    const li = el('li');
    li.appendChild(link(id, `Show ${id}`, () => {
      select({ kind: 'component', id }, false);
      panIntoView(id);
    }));
    ul.appendChild(li);
  }
  if (ids.length > 200) {
    ul.appendChild(el('li', `and ${ids.length - 200} more`));
  }
  return ul;
}

function findingsList(scene: Scene, idx: number[]): HTMLElement[] {
  if (idx.length === 0) {
    return [];
  }
  const ul = el('ul', undefined, 'findings');
  for (const i of idx) {
    const f = scene.findings[i]!;
    const li = el('li', undefined, f.severity);
    li.append(el('strong', `${f.severity}: `), document.createTextNode(f.message), el('span', ` (${f.ruleId})`, 'rule'));
    ul.appendChild(li);
  }
  return [el('h3', plural(idx.length, 'finding')), ul];
}

function nodeFacts(n: SceneNode): string[] {
  return [
    n.state ? `${n.state}${n.savedBy?.length ? `; ${n.savedBy.join(', ')} takes over` : ''}` : '',
    n.saves?.length ? `takes over from ${n.saves.join(', ')}` : '',
    n.utilisation !== undefined ? `utilisation ${Math.round(n.utilisation * 100)}%${n.utilisation >= 1 ? ' (saturated)' : ''}` : '',
    n.stale ? 'telemetry stale: what is shown may be out of date' : '',
  ].filter(Boolean);
}

/** The affected set of the frame drawn: what failed, what is down, who takes over, what degraded. */
function affected(scene: Scene, select: Select): HTMLElement[] {
  const frame = currentFrame();
  if (!frame?.simulation) {
    return [];
  }
  const parts: HTMLElement[] = [el('h3', frame.title, 'frame')];
  if (frame.description) {
    parts.push(el('p', frame.description));
  }
  const { sections, quiet } = affectedSections(scene, frame.simulation);
  for (const { title, ids } of sections) {
    parts.push(el('h4', `${title} (${ids.length})`), idList(ids, select));
  }
  if (quiet) {
    parts.push(el('p', quietNote));
  }
  return parts;
}

export function showDetails(select: Select): void {
  const scene = state.scene;
  const sel = state.selected;
  if (!scene) {
    dom.details.hidden = true;
    return;
  }
  // What is affected comes first when the selection is what was failed (the user selected it and pressed
  // Fail: the answer is what that takes down, which sat under the domain's own details, out of a narrow
  // pane's view); the selection comes first when the user picked something else during the failure.
  const mine = sel ? selectionDetails(scene, sel, select) : [];
  const hit = affected(scene, select);
  const failedNow = currentFrame()?.simulation?.failed ?? [];
  const parts: HTMLElement[] = !sel || failedNow.includes(sel.id) ? [...hit, ...mine] : [...mine, ...hit];
  if (parts.length === 0) {
    dom.details.hidden = true;
    dom.details.replaceChildren();
    return;
  }
  const close = el('button', '×', 'close') as HTMLButtonElement;
  close.type = 'button';
  close.title = 'Close (clears the selection)';
  close.setAttribute('aria-label', 'Close the details');
  close.addEventListener('click', () => select(undefined, false));
  // In a narrow pane the details sit under the picture: they fold to their first line, so the picture keeps the room.
  const fold = el('button', '', 'fold') as HTMLButtonElement;
  fold.type = 'button';
  fold.setAttribute('aria-controls', 'details');
  const folded = () => dom.details.classList.contains('folded');
  const label = () => {
    fold.textContent = folded() ? '▴' : '▾';
    fold.title = folded() ? 'Show all the details' : 'Fold the details to one line';
    fold.setAttribute('aria-expanded', String(!folded()));
  };
  fold.addEventListener('click', () => {
    dom.details.classList.toggle('folded');
    save({ detailsFolded: folded() });
    label();
  });
  parts[0]!.classList.add('head');
  dom.details.classList.toggle('folded', saved().detailsFolded === true);
  label();
  dom.details.replaceChildren(close, fold, ...parts);
  dom.details.hidden = false;
}

/** A kind as people say it: "cooling-loop" → "cooling loop". */
export const kindName = (kind: string) => kind.replace(/[-_]+/g, ' ');

function selectionDetails(scene: Scene, sel: Selection, select: Select): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const at = sel.kind === 'component' ? scene.nodes.find((n) => n.id === sel.id)?.at
    : sel.kind === 'domain' ? (scene.containers.find((c) => c.id === sel.id) ?? scene.crossDomains.find((c) => c.id === sel.id))?.at
    : scene.edges.find((e) => e.id === sel.id)?.at;
  const source = at ? link('Show in editor', 'Reveal the declaration in the editor', () => post({ type: 'open', uri: at.uri, range: at.range })) : undefined;
  if (sel.kind === 'component') {
    const n = scene.nodes.find((x) => x.id === sel.id);
    if (!n) {
      return [];
    }
    parts.push(el('h2', n.title === n.id ? n.id : `${n.title} (${n.id})`), el('div', [kindName(n.kind), n.tier ? `tier ${n.tier}` : ''].filter(Boolean).join(' · ')));
    parts.push(el('div', n.owner ? `Owner: ${n.owner}` : 'Owner: none declared'));
    if (n.tags) {
      parts.push(el('div', `Shared domains: ${n.tags}`));
    }
    const links = el('div', undefined, 'links');
    if (n.runbook) {
      links.append(link('Open runbook', n.runbook, () => post({ type: 'openRunbook', url: n.runbook! })));
    } else {
      links.append(el('span', 'No runbook', 'muted'));
    }
    if (source) {
      links.append(document.createTextNode(' · '), source);
    }
    parts.push(links);
    const facts = nodeFacts(n);
    facts.forEach((f) => parts.push(el('div', f, 'state')));
    const frame = currentFrame();
    const hit = frame?.simulation?.down.find((d) => d.id === n.id) ?? frame?.simulation?.degraded.find((d) => d.id === n.id);
    if (hit && hit.path.length) {
      parts.push(el('div', `How: ${hit.path.map((p) => p.component).join(' → ')}`, 'path'));
    }
    parts.push(...findingsList(scene, n.findings));
  } else if (sel.kind === 'edge') {
    const e = scene.edges.find((x) => x.id === sel.id);
    if (!e) {
      return [];
    }
    parts.push(el('h2', `${e.from} → ${e.to}`), el('div', e.tooltip));
    if (source) {
      const links = el('div', undefined, 'links');
      links.appendChild(source);
      parts.push(links);
    }
    parts.push(...findingsList(scene, e.findings));
  } else {
    const c = scene.containers.find((x) => x.id === sel.id);
    const x = scene.crossDomains.find((d) => d.id === sel.id);
    const d = c ?? x;
    if (!d) {
      return [];
    }
    parts.push(el('h2', d.label), el('div', x ? `${kindName(x.kind)}, shared across the placement boxes` : kindName(d.kind)));
    if (source) {
      const links = el('div', undefined, 'links');
      links.appendChild(source);
      parts.push(links);
    }
    if (x) {
      if (x.members.length) {
        parts.push(el('h4', `Lives here (${x.members.length})`), idList(x.members, select));
      }
      if (x.rides.length) {
        parts.push(el('div', `${plural(x.rides.length, 'dependency', 'dependencies')} ride${x.rides.length === 1 ? 's' : ''} it`));
      }
    }
    parts.push(...findingsList(scene, d.findings));
  }
  return parts;
}
