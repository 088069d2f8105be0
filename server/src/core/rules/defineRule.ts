import type { Finding, Severity } from '../findings';
import type { Model, Settings } from '../model/types';
import type { PropGraph } from '../propagation/graph';

export type RuleCategory = 'syntax' | 'schema' | 'reference' | 'propagation' | 'stress' | 'signals' | 'ownership' | 'internal';

export interface RuleContext {
  model: Model;
  graph: PropGraph;
  settings: Settings;
  /** Epoch ms; injected so rehearsal-age findings are reproducible in tests. */
  now: number;
  report(finding: Omit<Finding, 'ruleId' | 'severity'>): void;
}

export interface RuleDefinition {
  /** Stable kebab-case id: shown in every finding, used in settings, SARIF and docs anchors. */
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One line: SARIF shortDescription, code lens, rule lists. */
  title: string;
  /** Why the rule exists: SARIF fullDescription. */
  description: string;
  /** What to do about a finding: SARIF help. */
  help: string;
  /** Absent for rules the parser and model builder report while reading the files. */
  check?(ctx: RuleContext): void;
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}

export const docsBase = 'https://github.com/incidentmap/incidentmap/blob/main/docs/rules.md';

export function docsUrl(ruleId: string): string {
  return `${docsBase}#${ruleId}`;
}
