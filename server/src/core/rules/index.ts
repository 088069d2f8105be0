// The rule registry. Adding a rule: a file here named after its id, an entry below, a section in
// docs/rules.md and fixtures in test/fixtures/rules/<id>/ (a test fails if any of these is missing).
import aliasExpansionLimit from './alias-expansion-limit';
import domainCycle from './domain-cycle';
import domainLossLimit from './domain-loss-limit';
import domainTooDeep from './domain-too-deep';
import duplicateId from './duplicate-id';
import duplicateKey from './duplicate-key';
import failoverCannotTakeOver from './failover-cannot-take-over';
import findingLimit from './finding-limit';
import fileRefused from './file-refused';
import failoverNotRehearsed from './failover-not-rehearsed';
import failoverSameDomain from './failover-same-domain';
import hardDependencyCycle from './hard-dependency-cycle';
import includeCycle from './include-cycle';
import includeLimit from './include-limit';
import includeOutsideRoot from './include-outside-root';
import inputTooDeep from './input-too-deep';
import inputTooLarge from './input-too-large';
import internalError from './internal-error';
import invalidSuppression from './invalid-suppression';
import invalidValue from './invalid-value';
import missingField from './missing-field';
import missingInclude from './missing-include';
import missingLeadingSignal from './missing-leading-signal';
import missingOwner from './missing-owner';
import missingRunbook from './missing-runbook';
import notText from './not-text';
import retryAmplification from './retry-amplification';
import singlePointOfFailure from './single-point-of-failure';
import telemetrySharesPath from './telemetry-shares-path';
import timeoutInversion from './timeout-inversion';
import unknownKey from './unknown-key';
import unknownReference from './unknown-reference';
import unknownRule from './unknown-rule';
import unusedSuppression from './unused-suppression';
import unreachableThreshold from './unreachable-threshold';
import unsupportedTag from './unsupported-tag';
import wrongType from './wrong-type';
import yamlSyntax from './yaml-syntax';
import capacityAfterDomainLoss from './capacity-after-domain-loss';
import capacityUnitMismatch from './capacity-unit-mismatch';
import freshnessBudget from './freshness-budget';
import headroomMismatch from './headroom-mismatch';
import journeyRtoUnachievable from './journey-rto-unachievable';
import retryStorm from './retry-storm';
import scenarioNotSurvived from './scenario-not-survived';
import type { RuleDefinition } from './defineRule';

export const rules: readonly RuleDefinition[] = [
  capacityAfterDomainLoss,
  capacityUnitMismatch,
  freshnessBudget,
  headroomMismatch,
  journeyRtoUnachievable,
  retryStorm,
  scenarioNotSurvived,
  aliasExpansionLimit,
  domainCycle,
  domainLossLimit,
  domainTooDeep,
  duplicateId,
  duplicateKey,
  failoverCannotTakeOver,
  findingLimit,
  fileRefused,
  failoverNotRehearsed,
  failoverSameDomain,
  hardDependencyCycle,
  includeCycle,
  includeLimit,
  includeOutsideRoot,
  inputTooDeep,
  inputTooLarge,
  internalError,
  invalidSuppression,
  invalidValue,
  missingField,
  missingInclude,
  missingLeadingSignal,
  missingOwner,
  missingRunbook,
  notText,
  retryAmplification,
  singlePointOfFailure,
  telemetrySharesPath,
  timeoutInversion,
  unknownKey,
  unknownReference,
  unknownRule,
  unreachableThreshold,
  unusedSuppression,
  unsupportedTag,
  wrongType,
  yamlSyntax,
];

export const ruleById: ReadonlyMap<string, RuleDefinition> = new Map(rules.map((r) => [r.id, r]));

export { defineRule, docsUrl, type RuleCategory, type RuleContext, type RuleDefinition } from './defineRule';
