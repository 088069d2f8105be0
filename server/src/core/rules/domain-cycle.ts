import { defineRule } from './defineRule';

// Why: domains nest (a zone in a region); a loop of parents makes "what fails with what" undefined.
export default defineRule({
  id: 'domain-cycle',
  severity: 'error',
  category: 'reference',
  title: 'Failure domains nested in a loop',
  description: 'A failure domain is, through its parents, its own ancestor. Nesting must form a tree (a zone in a region in a provider).',
  help: 'Fix the parent: of one domain in the loop.',
  check(ctx) {
    const reported = new Set<string>();
    for (const d of ctx.model.domains.values()) {
      const chain: string[] = [];
      const seen = new Set<string>();
      let cur: string | undefined = d.id;
      while (cur !== undefined && !seen.has(cur)) {
        chain.push(cur);
        seen.add(cur);
        cur = ctx.model.domains.get(cur)?.parent?.id;
      }
      if (cur !== d.id || reported.has(d.id)) {
        continue;
      }
      chain.forEach((id) => reported.add(id));
      ctx.report({
        uri: d.uri,
        range: d.ranges['parent'] ?? d.idRange,
        key: `domain-cycle:${[...chain].sort().join(',')}`,
        message: `Failure domains nest in a loop: ${[...chain, d.id].join(' → ')}. Fix the parent of one of them.`,
      });
    }
  },
});
