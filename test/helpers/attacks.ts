// The inputs of issue 24's outside review, made the way it made them, for the regression tests, the
// fuzzers and bench/attacks.js. Each returns map text; the sizes are parameters so tests can sit
// below, at and above each bound.

/** n tier-1 services in a chain of hard dependencies: each one a single point of failure for all above. */
export function chainMap(n: number, options: { onlyTopTier1?: boolean } = {}): string {
  const out = ['incidentmap: 1', 'components:'];
  for (let i = 0; i < n; i++) {
    // onlyTopTier1: s0 is tier 1 with two replicas and the rest tier 2, so every sN below is a single
    // point of failure of s0 through the whole chain (not of itself, as a lone tier-1 component is).
    const tier = options.onlyTopTier1 ? (i === 0 ? ['    tier: 1', '    replicas: 2'] : ['    tier: 2']) : ['    tier: 1'];
    out.push(`  - id: s${i}`, '    kind: service', ...tier, '    owner: t');
    if (i + 1 < n) {
      out.push('    dependsOn:', `      - target: s${i + 1}`);
    }
  }
  return out.join('\n') + '\n';
}

/** n failure domains, each inside the one before, and one component in the innermost. */
export function nestedDomainsMap(n: number): string {
  const out = ['incidentmap: 1', 'domains:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: d${i}`, '    kind: zone');
    if (i > 0) {
      out.push(`    parent: d${i - 1}`);
    }
  }
  out.push('components:', '  - id: app', '    kind: service', '    tier: 1', '    owner: t', `    domains: [d${n - 1}]`);
  return out.join('\n') + '\n';
}

/** n components with long ids, each depending on a misspelt id: did-you-mean for every one. */
export function unknownReferencesMap(n: number, idLength = 60): string {
  const id = (i: number) => `component-${String(i).padStart(6, '0')}-${'x'.repeat(Math.max(0, idLength - 18))}`;
  const out = ['incidentmap: 1', 'components:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: ${id(i)}`, '    kind: service', '    owner: t', '    dependsOn:', `      - target: ${id((i + 1) % n).replace('component', 'componnet')}`);
  }
  return out.join('\n') + '\n';
}

/** One service calling n others: a wide graph for `graph --format svg`. */
export function fanOutMap(n: number): string {
  const out = ['incidentmap: 1', 'components:', '  - id: hub', '    kind: service', '    owner: t', '    dependsOn:'];
  for (let i = 0; i < n; i++) {
    out.push(`      - target: l${i}`);
  }
  for (let i = 0; i < n; i++) {
    out.push(`  - id: l${i}`, '    kind: service', '    owner: t');
  }
  return out.join('\n') + '\n';
}

/**
 * Control characters where a map's author can put them: a name, an owner and an unknown key with
 * a newline that starts a GitHub workflow command, ESC/OSC sequences, a raw CR in a source line, a NUL
 * from a YAML escape, a Markdown mention, issue reference, image, raw HTML and a Mermaid directive.
 */
export const injectionMap = [
  'incidentmap: 1',
  'components:',
  '  - id: api',
  '    kind: service',
  '    tier: 1',
  '    name: "x\\n::add-mask::secret\\n::stop-commands::pwned\\u001b]0;owned\\u0007\\u001b[2J\\0 %%{init: {\\"theme\\": \\"dark\\"}}%% @octocat @org/team org/repo#1 #2 ![i](https://evil.example/i.png) <img src=x onerror=alert(1)>"',
  '    owner: "t\\r::warning::fake"',
  '    dependsOn:',
  '      - target: "db\\n::error::forged"',
  `  - id: db\r    kind: service\r    \u001b]52;c;Y2xpcGJvYXJk\u0007evil: 1`,
  '',
].join('\n');
