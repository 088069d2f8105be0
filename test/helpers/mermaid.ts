// Mermaid's own flowchart parser, in Node. mermaid.parse runs the real grammar (jison) and the
// flowchart database, which passes every label through DOMPurify; DOMPurify needs a DOM and, without
// one, exports neither sanitize nor addHook. Sanitising does not decide whether a diagram parses,
// so the test gives DOMPurify the identity (on the very module instance mermaid imports) instead of
// loading jsdom. @mermaid-js/parser would need no DOM, but it does not cover flowcharts.
let loaded: Promise<{ parse(text: string): Promise<unknown> }> | undefined;

// `import()` kept as is: tsc's node16 CommonJS output would otherwise turn it into require(), which
// cannot load mermaid's ES modules.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: unknown }>;

export function mermaidParser(): Promise<{ parse(text: string): Promise<unknown> }> {
  loaded ??= (async () => {
    const purify = (await importEsm('dompurify')).default as { sanitize?: (s: string) => string; addHook?: () => void };
    purify.sanitize = (s: string) => s;
    purify.addHook = () => undefined;
    const mermaid = (await importEsm('mermaid')).default as { initialize(c: object): void; parse(text: string): Promise<unknown> };
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  })();
  return loaded;
}

/** The text of every ```mermaid block in a markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}
