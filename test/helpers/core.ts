import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, memoryHost, rules, type AnalyzeOptions, type Analysis, type Finding } from '../../server/src/core/index';
import type { Level } from '../../server/src/core/findings';
import { nodeHost, toPath, toUri } from '../../server/src/node/nodeHost';

export const repoRoot = resolve(__dirname, '../../..');
export const fixturesDir = join(repoRoot, 'test/fixtures');
/** Tests pin "today" so rehearsal ages do not drift. */
export const testNow = Date.UTC(2026, 10, 22);

/**
 * For tests of the propagation graph alone: the model and graph without running the analysing rules
 * (the language server's as-you-type pass). Faster, and it keeps those tests from reaching every rule,
 * which matters to mutation testing (a rule's mutant is then tested only by tests of rules).
 */
export const graphOnly: AnalyzeOptions = { syntaxOnly: true };

/**
 * Rule levels that leave only `ruleId` running: a test of one rule then reaches no other rule's code.
 * internal-error stays on (it runs no code of its own): a rule that throws still shows.
 */
export function onlyRule(ruleId: string): Record<string, Level> {
  return Object.fromEntries(rules.filter((r) => r.id !== ruleId && r.id !== 'internal-error').map((r): [string, Level] => [r.id, 'off']));
}

/** The findings of one rule, analysed with every other rule off. */
export function findingsOfRule(ruleId: string, text: string, options: AnalyzeOptions = {}, extra: Record<string, string> = {}): Finding[] {
  const base = options.baseSettings ?? {};
  return analyzeText(text, { ...options, baseSettings: { ...base, rules: { ...onlyRule(ruleId), ...base.rules } } }, extra).findings.filter((f) => f.ruleId === ruleId);
}

export function analyzeText(text: string, options: AnalyzeOptions = {}, extra: Record<string, string> = {}): Analysis {
  const files: Record<string, string> = { 'file:///ws/main.incidentmap': text };
  for (const [name, content] of Object.entries(extra)) {
    files[`file:///ws/${name}`] = content;
  }
  return analyze('file:///ws/main.incidentmap', memoryHost(files), { now: testNow, root: 'file:///ws', ...options });
}

export function analyzeFile(path: string, options: AnalyzeOptions = {}): Analysis {
  // The file gate over the analysis's root, else over the whole disk (still: regular files, no .git, size).
  return analyze(toUri(path), nodeHost(options.root ? toPath(options.root) : '/'), { now: testNow, ...options });
}

export function ids(findings: Finding[], ruleId?: string): string[] {
  return findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}

/**
 * `# expect: rule-id` comments in every file of a folder: the lines where that rule must report. A
 * line that is itself a comment (a suppression) cannot carry a second one: `# expect-above: rule-id`
 * on the line after it marks it.
 */
export function expectations(dir: string): { file: string; line: number; ruleId: string }[] {
  const out: { file: string; line: number; ruleId: string }[] = [];
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/# expect(-above)?: ([a-z0-9-]+)/g)) {
        out.push({ file: toUri(join(dir, name)), line: m[1] ? i - 1 : i, ruleId: m[2]! });
      }
    });
  }
  return out;
}

/**
 * Rules whose failing input is generated in the test (too big, binary, or needs a broken rule) rather
 * than kept as a fixture: tested in rules.test.ts "rules with generated inputs", include-limit in
 * hostile.test.ts, domain-loss-limit in boundaries.test.ts.
 */
export const generatedInputRules: ReadonlySet<string> = new Set(['input-too-large', 'not-text', 'internal-error', 'include-limit', 'finding-limit', 'domain-loss-limit']);
