import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { buildReport } from '../../server/src/cli/format/report';
import { renderGithub } from '../../server/src/cli/format/github';
import { renderMarkdown } from '../../server/src/cli/format/markdown';
import { plain, renderText, splitLines } from '../../server/src/cli/format/text';
import { analyze, graphModel, memoryHost, toMermaid } from '../../server/src/core/index';
import { fileGate, toUri } from '../../server/src/node/fileGate';
import { chainMap, fanOutMap, nestedDomainsMap, unknownReferencesMap } from '../helpers/attacks';
import { testNow } from '../helpers/core';
import { analyzeChecked, anyInput, costlyShape, injectedMap, seeds } from '../helpers/fuzzCases';

// A smaller run of the fuzzers in `npm run fuzz` (test/fuzz/), so every `npm test` still exercises
// them. fast-check prints the seed and the shrunk input of any failure.
describe('fuzz: the core never throws and every range lies inside its document', () => {
  it(`has seeds to mutate (${seeds.length})`, () => {
    if (seeds.length < 20) {
      throw new Error('expected the rule fixtures and samples as seeds');
    }
  });

  it('random and mutated maps', () => {
    fc.assert(fc.property(anyInput, (text) => analyzeChecked(text)), { numRuns: Number(process.env['FUZZ_RUNS'] ?? 1500) });
  });

  it('mutated maps that include a mutated map', () => {
    fc.assert(
      fc.property(anyInput, anyInput, (a, b) => analyzeChecked(`include: [./other.incidentmap]\n${a}`, b)),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 500) },
    );
  });
});

// Issue 24: properties that would have found what the outside review found.
describe('fuzz: hostile text, costs and file trees (issue 24)', () => {
  const runs = (n: number) => Math.max(1, Math.round((Number(process.env['FUZZ_RUNS'] ?? 1500) * n) / 1500));
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('no control character, workflow command, mention or directive of the map reaches text, github, markdown or mermaid', () => {
    fc.assert(
      fc.property(injectedMap, (text) => {
        const uri = 'file:///ws/m.incidentmap';
        const a = analyze(uri, memoryHost({ [uri]: text }), { root: 'file:///ws', now: testNow });
        const report = buildReport({ root: '/ws', entries: ['/ws/m.incidentmap'], files: [uri], findings: a.findings, suppressed: [] });
        const lines = splitLines(text);
        const out = {
          text: renderText(report, () => lines, plain),
          github: renderGithub(report),
          markdown: renderMarkdown(report),
          mermaid: toMermaid(graphModel(uri, a.files, a.model), []),
        };
        for (const [format, s] of Object.entries(out)) {
          if (control.test(s.replace(/\t/g, format === 'text' ? '' : '\t'))) {
            throw new Error(`${format}: a control character: ${JSON.stringify(s.match(control))}`);
          }
        }
        for (const line of out.text.split('\n')) {
          if (line.startsWith('::')) {
            throw new Error(`text: a line starts a workflow command: ${line}`);
          }
        }
        for (const line of out.github.split('\n').filter(Boolean)) {
          if (!/^::(error|warning|notice) file=[^\n:,]*,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[^\n:,]*::/.test(line)) {
            throw new Error(`github: not one annotation: ${line}`);
          }
        }
        if (/@[A-Za-z]|[A-Za-z0-9]#\d|(^|\s)#\d|!\[|<[a-z/]/i.test(out.markdown)) {
          throw new Error(`markdown: a mention, reference, image or tag: ${out.markdown}`);
        }
        if (out.mermaid.includes('%%')) {
          throw new Error('mermaid: a %% directive');
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('output stays linear in the input: chains, nested domains, fan-outs, misspelt references', () => {
    fc.assert(
      fc.property(costlyShape, ({ kind, n }) => {
        const text = kind === 'chain' ? chainMap(n) : kind === 'nested' ? nestedDomainsMap(n) : kind === 'fan' ? fanOutMap(n) : unknownReferencesMap(n);
        const uri = 'file:///ws/m.incidentmap';
        const a = analyze(uri, memoryHost({ [uri]: text }), { root: 'file:///ws', now: testNow });
        // What a JSON report would carry: every message and related location.
        let size = 0;
        for (const f of a.findings) {
          size += f.message.length + 200;
          for (const r of f.related ?? []) {
            size += r.message.length + 200;
          }
          if ((f.related?.length ?? 0) > 20) {
            throw new Error(`${f.ruleId}: ${f.related!.length} related locations`);
          }
        }
        // Quadratic output (a chain of 1,000: 168 MB from 68 KB) is thousands of times its input.
        if (size > 100 * text.length + 100_000) {
          throw new Error(`${kind} of ${n}: ${size} characters of findings from ${text.length} of map`);
        }
      }),
      { numRuns: runs(60) },
    );
  });

  it('a tree of links, FIFOs and .git: the gate reads only regular files inside the root, each once, never the secret', function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'incidentmap-fuzz-gate-'));
    try {
      const root = join(dir, 'repo');
      mkdirSync(join(root, '.git'), { recursive: true });
      mkdirSync(join(root, 'sub'));
      mkdirSync(join(dir, 'out'));
      const secret = 'FUZZ-SECRET-d41d';
      writeFileSync(join(root, '.git/config'), `token: ${secret}\n`);
      writeFileSync(join(dir, 'out/x.incidentmap'), `incidentmap: 1\ncomponents: [{id: ${secret}, kind: service}]\n`);
      writeFileSync(join(root, 'a.incidentmap'), 'incidentmap: 1\ncomponents: [{id: a, kind: service}]\n');
      writeFileSync(join(root, 'sub/b.incidentmap'), 'incidentmap: 1\ninclude: [../a.incidentmap, ../l/sub/b.incidentmap]\ncomponents: [{id: b, kind: service}]\n');
      symlinkSync('.', join(root, 'l'));
      symlinkSync('..', join(root, 'sub/up'));
      symlinkSync(join(dir, 'out'), join(root, 'o'));
      symlinkSync('.git', join(root, 'g'));
      symlinkSync('/dev/zero', join(root, 'zero.incidentmap'));
      execFileSync('mkfifo', [join(root, 'fifo.incidentmap')]);
      const names = ['a.incidentmap', 'sub/b.incidentmap', 'l/a.incidentmap', 'l/l/sub/b.incidentmap', 'sub/up/a.incidentmap', 'o/x.incidentmap', 'g/config', '.git/config', 'zero.incidentmap', 'fifo.incidentmap', '../out/x.incidentmap', 'l/sub/up/l/g/config', 'missing.incidentmap', 'sub'];
      const gate = fileGate({ root });
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...names), { maxLength: 12 }), (includes) => {
          writeFileSync(join(root, 'entry.incidentmap'), `incidentmap: 1\ninclude: [${includes.join(', ')}]\ncomponents: []\n`);
          const a = analyze(toUri(join(root, 'entry.incidentmap')), gate, { root: toUri(root), now: testNow });
          if (JSON.stringify(a.findings).includes(secret)) {
            throw new Error('the secret reached a finding');
          }
          const real = a.files.map((f) => realpathSync(fileURLToPath(f)));
          if (new Set(real).size !== real.length) {
            throw new Error(`a file read twice: ${real.join(', ')}`);
          }
          if (real.some((p) => !p.startsWith(`${realpathSync(root)}/`) || p.includes('/.git/'))) {
            throw new Error(`read outside the root or in .git: ${real.join(', ')}`);
          }
          if (real.length > 3) {
            throw new Error(`more files than exist: ${real.join(', ')}`);
          }
        }),
        { numRuns: runs(200) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
