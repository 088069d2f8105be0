// The analysis core's public surface. Everything here is pure: no vscode, no LSP transport, no node:
// modules. File access goes through Host, so the server, the CLI, the benchmarks and the tests all
// run exactly this code and never disagree.

/** Read a map and its includes, validate, and run every rule. */
export { analyze, finalize, atLeast, type Analysis, type AnalyzeOptions } from './analyze';
export type { Finding, Related, Fix, Range, Position, Severity, Level } from './findings';
export { boundRelated, compareFindings, maxRelated, mostSevere, severityRank } from './findings';
export { mergeFindings, mostImportant, type EntryFindings } from './workspaceFindings';
/** `# incidentmap-ignore rule-id: reason` comments and the findings they silenced. */
export { applySuppressions, type SuppressedFinding, type Suppressed } from './suppress';
export { readSuppressions, type Suppression } from './parse/suppressions';
/** File access for the core; `memoryHost` serves tests and generated maps. */
export { isRefusal, maxReadBytes, memoryHost, type Host, type HostReadFailure, type HostReadResult } from './host';
export { FileCache, buildModel, chunkedFrom, configFileName, defaultSettings, loadFile, type BuildOptions, type BuildResult } from './model/build';
export type * from './model/types';
export { parseYaml, defaultLimits, type InputLimits, type ParsedYaml } from './parse/parseYaml';
/** Failure simulation: what goes down and what degrades, with the path that carried it. */
export { simulate, pathOf, formatPath, UP, DEGRADED, DOWN, type Simulation, type PathStep, type Cause } from './propagation/simulate';
export { blastRadius, singlePoints, spofCandidates, type Affected, type BlastRadius } from './propagation/blastRadius';
export { buildGraph, HARD, SYNC, type PropGraph, type Edges } from './propagation/graph';
/** Stress scenarios: load, saturation, freshness and journeys under failure, surges and slowness. */
export { stress, computeStress, computeBaseline, evaluate, fromDeclared, hasStressData, lagAlong, type Stress, type StressCase, type ScenarioResult, type PhaseResult, type Baseline, type JourneyOutcome, type Saturation } from './scenarios/engine';
export { flowPlan, flowLoads, type FlowPlan, type Loads } from './scenarios/load';
export { scenarioReport, scenarioText, type ScenarioReport, type PhaseReport } from './scenarios/report';
export { sceneScenarios, scenarioIds } from './scenarios/scene';
export { parseQuantity, formatQuantity, formatPercent, type Quantity, type Dimension } from './units';
/** Rule metadata for docs, SARIF and editor links. */
export { rules, ruleById, docsUrl, type RuleDefinition, type RuleCategory } from './rules/index';
/** The format's spec and its published JSON Schema. */
export { mapSpec, settingsSpec, componentKinds, domainKinds, type Spec, type Field } from './schema/spec';
export { jsonSchema, configJsonSchema } from './schema/jsonSchema';
export { didYouMean, Suggester } from './suggest';
export { relativePath, resolveRelative, dirname, basename, isWithin } from './uri';
export { parseDuration, parseDate, parsePercent, parseUrl, formatDuration } from './values';
/** The graph: model, ELK layout input, scene, SVG/DOT/Mermaid painters (elkjs itself runs in the caller). */
export * from './graph/index';
/** What a change does to resilience: summaries of two versions and their comparison (`incidentmap diff`). */
export * from './diff/index';
export { escapeGithubData, escapeGithubProperty, escapeMarkdown, escapeMermaid, escapeSourceLine, escapeText } from './escape';
export { plural, possessive, kindNamed } from './words';
