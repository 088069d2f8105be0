// Snippets for a new map and for each kind of list item, offered by completion where that item is
// being written (an empty mapping of its kind), never as a value: VS Code shows a language's
// contributed snippets everywhere, after `tier:` and `target:` too (issue 23, item 7).
// Bodies are written as list items ("- " first); a test checks their keys are fields of the format.
export interface Snippet {
  /** The spec object (schema/spec.ts name) it fills. */
  spec: string;
  label: string;
  prefix: string;
  description: string;
  body: readonly string[];
}

export const snippets: readonly Snippet[] = [
  {
    spec: "IncidentMap",
    label: "Incident map",
    prefix: "incidentmap",
    description: "A new map: version, name, owner and the three sections",
    body: [
      "incidentmap: 1",
      "name: ${1:platform}",
      "owner: ${2:team-name}",
      "",
      "domains:",
      "  - id: ${3:eu-west-a}",
      "    kind: ${4|zone,region,provider,datacenter,rack,network-path,power-feed,cooling-loop,cluster|}",
      "",
      "components:",
      "  - id: ${5:api}",
      "    kind: service",
      "    tier: 1",
      "    domains: [$3]",
      "$0",
    ],
  },
  {
    spec: "Component",
    label: "Component",
    prefix: "component",
    description: "A component with tier, owner, runbook, failure domains and a leading signal",
    body: [
      "- id: ${1:component-id}",
      "  kind: ${2|service,datastore,cache,queue,stream,external,network,load-balancer,dns,telemetry,control-plane,compute,power,cooling,storage|}",
      "  tier: ${3|1,2,3|}",
      "  owner: ${4:team-name}",
      "  runbook: https://${5:runbooks.example.com/$1}",
      "  replicas: ${6:3}",
      "  spreadAcross: [${7:zone-a, zone-b}]",
      "  dependsOn:",
      "    - target: ${8:dependency-id}",
      "      timeout: ${9:500ms}",
      "  signals:",
      "    - name: ${10:queue depth}",
      "      metric: ${11:metric_name}",
      "      warn: ${12:100}",
      "      crit: ${13:500}",
      "      leading: true",
      "$0",
    ],
  },
  {
    spec: "Dependency",
    label: "Dependency",
    prefix: "dependency",
    description: "A dependency: how failure travels along a call",
    body: [
      "- target: ${1:component-id}",
      "  type: ${2|hard,soft|}",
      "  mode: ${3|sync,async|}",
      "  timeout: ${4:500ms}",
      "  retries: ${5:1}",
      "  circuitBreaker: ${6|true,false|}",
      "$0",
    ],
  },
  {
    spec: "Signal",
    label: "Signal",
    prefix: "signal",
    description: "A saturation signal that moves before the outage",
    body: [
      "- name: ${1:connection pool usage}",
      "  metric: ${2:max(pool_in_use / pool_size)}",
      "  warn: ${3:0.7}",
      "  crit: ${4:0.9}",
      "  direction: ${5|above,below|}",
      "  unit: ${6:ratio}",
      "  leading: true",
      "$0",
    ],
  },
  {
    spec: "Failover",
    label: "Failover path",
    prefix: "failover",
    description: "A failover path and when it was last rehearsed",
    body: [
      "- from: ${1:primary-id}",
      "  to: ${2:standby-id}",
      "  mode: ${3|automatic,manual|}",
      "  rto: ${4:5m}",
      "  escapes: ${5|zone,region,provider,datacenter,rack,network-path,power-feed,cooling-loop,cluster|}",
      "  lastRehearsed: ${6:$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE}",
      "$0",
    ],
  },
  {
    spec: "RunbookStep",
    label: "Runbook step",
    prefix: "runbook-step",
    description: "A runbook decision: what to check, conclude, do and not do",
    body: [
      "- check: ${1:what to look at}",
      "  conclude: ${2:what it means}",
      "  do: ${3:what to do then}",
      "  dont: ${4:what not to do, and why}",
      "$0",
    ],
  },
  {
    spec: "Rollback",
    label: "Rollback",
    prefix: "rollback",
    description: "A way back, and when it is safe",
    body: [
      "- name: ${1:revert deploy}",
      "  action: ${2:argocd app rollback $1}",
      "  safe: ${3|true,false|}",
      "  when: ${4:errors rose within 30 minutes of a deploy}",
      "  takes: ${5:5m}",
      "$0",
    ],
  },
];
