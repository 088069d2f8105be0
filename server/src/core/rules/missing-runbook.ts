import { defineRule } from './defineRule';

// Why: at 3 a.m. the on-call engineer needs the runbook link in the page, not a search through a wiki.
export default defineRule({
  id: 'missing-runbook',
  severity: 'warning',
  category: 'ownership',
  title: 'Tier-1 component without runbook',
  description: 'A tier-1 component has no runbook link and no runbook steps, so the person paged for it starts from nothing.',
  help: 'Add runbook: with an http(s) link or a path in the repository (relative to the map), or runbookSteps: with the first decisions to take.',
  check(ctx) {
    for (const c of ctx.model.components.values()) {
      if (c.tier === 1 && !c.runbook && c.runbookSteps.length === 0) {
        ctx.report({ uri: c.uri, range: c.idRange, key: `missing-runbook:${c.id}`, message: `Tier-1 component ${c.id} has no runbook: add runbook: with a link, or runbookSteps: with what to check first.` });
      }
    }
  },
});
