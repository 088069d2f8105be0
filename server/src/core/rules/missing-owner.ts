import { defineRule } from './defineRule';

// Why: the first minutes of an incident go to finding out who owns the broken thing. A tier-1
// component without an owner costs those minutes every time.
export default defineRule({
  id: 'missing-owner',
  severity: 'warning',
  category: 'ownership',
  title: 'Tier-1 component without owner',
  description: 'A tier-1 component has no owner (neither its own nor the file-level default), so nobody is obviously paged when it breaks.',
  help: 'Add owner: with the owning team or on-call rotation, or a file-level owner: for all components of the file.',
  check(ctx) {
    for (const c of ctx.model.components.values()) {
      if (c.tier === 1 && !c.owner) {
        ctx.report({ uri: c.uri, range: c.idRange, key: `missing-owner:${c.id}`, message: `Tier-1 component ${c.id} has no owner: add owner: with the team or on-call rotation that is paged for it.` });
      }
    }
  },
});
