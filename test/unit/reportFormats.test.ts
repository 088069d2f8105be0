// check's report formats from reports built by hand, in process (test/unit/formats.test.ts renders a
// real map through the CLI's `run`): the cases a real map rarely gives — many findings of one
// severity (order kept), findings left out by --max-findings, suppressed findings past the lists'
// limits, a comment too small for its sections, per-level annotation limits at and above 10, SARIF's
// rule metadata and suppressed results, paths that start with `:`, multi-line code frames. Expected
// output is written out by hand.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { CheckRun } from '../../server/src/cli/checkRun';
import { renderGithub } from '../../server/src/cli/format/github';
import { renderJson } from '../../server/src/cli/format/json';
import { renderMarkdown } from '../../server/src/cli/format/markdown';
import { buildReport, omittedLine, type Report, type ReportFinding, type ReportSuppressed } from '../../server/src/cli/format/report';
import { artifact, renderSarif } from '../../server/src/cli/format/sarif';
import { codeFrame, plain, renderText } from '../../server/src/cli/format/text';
import type { Finding, Severity } from '../../server/src/core/index';

const docs = (id: string) => `https://github.com/incidentmap/incidentmap/blob/main/docs/rules.md#${id}`;

function f(severity: Severity, line: number, ruleId = 'missing-owner', message = `finding on line ${line}`, path = 'm.incidentmap'): ReportFinding {
  return { ruleId, severity, message, path, uri: `file:///r/${path}`, span: { startLine: line, startColumn: 3, endLine: line, endColumn: 9 }, related: [], fingerprint: `fp${line}` };
}

function sup(line: number, reason = `reason ${line}`, ruleId = 'missing-runbook', path = 'm.incidentmap'): ReportSuppressed {
  return { ruleId, severity: 'warning', message: `suppressed on line ${line}`, path, uri: `file:///r/${path}`, line, reason, suppressedAt: { path, line: line - 1 }, fingerprint: `sp${line}` };
}

function report(findings: ReportFinding[], suppressed: ReportSuppressed[] = [], omitted = 0): Report {
  const count = (s: Severity) => findings.filter((x) => x.severity === s).length;
  return { root: '/r', files: ['m.incidentmap'], maps: 1, findings, summary: { error: count('error'), warning: count('warning'), info: count('info'), suppressed: suppressed.length }, suppressed, omitted, maxFindings: 10_000 };
}

// Lines 1..6: a warning, an error, a warning, an error, an info, a warning.
const mixed = () => [f('warning', 1), f('error', 2), f('warning', 3), f('error', 4), f('info', 5), f('warning', 6)];

describe('check formats: github annotations', () => {
  it('errors first, then warnings, then notices, each in report order', () => {
    const lines = renderGithub(report(mixed())).trim().split('\n');
    assert.deepEqual(
      lines.map((l) => /^::(\w+) file=m\.incidentmap,line=(\d+),/.exec(l)?.slice(1).join(' ')),
      ['error 2', 'error 4', 'warning 1', 'warning 3', 'warning 6', 'notice 5'],
    );
    assert.equal(lines[0], '::error file=m.incidentmap,line=2,col=3,endLine=2,endColumn=9,title=incidentmap missing-owner::finding on line 2');
  });

  it('no findings: nothing at all, not even a line break', () => {
    assert.equal(renderGithub(report([])), '');
  });

  it('findings left out: a warning that says how many and why, 1 and 2', () => {
    assert.equal(
      renderGithub(report([f('error', 1)], [], 1)),
      '::error file=m.incidentmap,line=1,col=3,endLine=1,endColumn=9,title=incidentmap missing-owner::finding on line 1\n' +
        '::warning title=incidentmap::1 more finding was left out: a report carries at most 10000 (the most severe are kept). Fix these first, or raise --max-findings.\n',
    );
    assert.match(renderGithub(report([f('error', 1)], [], 2)), /::warning title=incidentmap::2 more findings were left out: /);
  });

  it('suppressed findings: a notice listing the first 10 with reasons and counting the rest; singular counts', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => sup(i + 1));
    const listed = eleven.slice(0, 10).map((s) => `m.incidentmap:${s.line} missing-runbook (reason ${s.line})`).join('; ');
    const out = renderGithub(report([f('error', 20), f('warning', 21)], eleven)).trim().split('\n');
    assert.equal(out.at(-1), `::notice title=incidentmap summary::incidentmap: 1 error, 1 warning, 0 info. 11 suppressed by incidentmap-ignore comments: ${listed}; and 1 more.`);
    const ten = renderGithub(report([f('error', 20), f('error', 21), f('info', 22)], eleven.slice(0, 10))).trim().split('\n');
    assert.equal(ten.at(-1), `::notice title=incidentmap summary::incidentmap: 2 errors, 0 warnings, 1 info. 10 suppressed by incidentmap-ignore comments: ${listed}.`);
  });

  it('10 annotations per level: at 10 no note; 11 errors: 1 error is not shown; 12 info and 11 warnings: both counted', () => {
    const many = (s: Severity, k: number) => Array.from({ length: k }, (_, i) => f(s, i + 1));
    assert.doesNotMatch(renderGithub(report([...many('error', 10), ...many('warning', 10), ...many('info', 10)])), /summary/);
    assert.equal(
      renderGithub(report(many('error', 11))).trim().split('\n').at(-1),
      '::notice title=incidentmap summary::incidentmap: 11 errors, 0 warnings, 0 info. GitHub shows only 10 annotations per level in a step, so 1 error is not shown on the diff. Run `incidentmap check` locally, or use --format sarif or markdown, for all of them.',
    );
    assert.match(renderGithub(report([...many('warning', 11), ...many('info', 12)])), /, so 1 warning and 2 info are not shown on the diff\./);
    assert.match(renderGithub(report(many('info', 11))), /, so 1 info is not shown on the diff\./);
  });
});

describe('check formats: markdown', () => {
  const head = '### incidentmap\n';
  const tableHead = '| Severity | Location | Rule | Finding |\n| --- | --- | --- | --- |';
  const row = (x: ReportFinding) => `| ${{ error: '🔴 error', warning: '🟠 warning', info: '🔵 info' }[x.severity]} | \`m.incidentmap:${x.span.startLine}\` | [missing-owner](${docs('missing-owner')}) | ${x.message} |`;

  it('errors first, then warnings, then information, each in report order', () => {
    const md = renderMarkdown(report(mixed()));
    assert.deepEqual(
      md.split('\n').filter((l) => /^\| (🔴|🟠|🔵)/.test(l)).map((l) => /m\.incidentmap:(\d+)/.exec(l)![1]),
      ['2', '4', '1', '3', '6', '5'],
    );
  });

  it('no findings, suppressed ones listed with their reasons; findings left out said in italics', () => {
    assert.equal(
      renderMarkdown(report([], [sup(4, 'owned by @platform')])),
      [
        head,
        '✅ No findings: 0 errors, 0 warnings, 0 info in 0 of 1 file (1 map checked); 1 suppressed.\n',
        '<details><summary>1 suppressed by <code>incidentmap-ignore</code> comments</summary>\n\n| Location | Rule | Reason | Finding |\n| --- | --- | --- | --- |',
        '| `m.incidentmap:4` | missing-runbook | owned by @&#8203;platform | suppressed on line 4 |',
        '\n</details>\n',
        '',
      ].join('\n'),
    );
    const one = f('error', 2);
    assert.equal(
      renderMarkdown(report([one], [], 1)),
      [head, '**1 error, 0 warnings, 0 info in 1 of 1 file (1 map checked)**\n', tableHead, row(one), '', '_1 more finding was left out: a report carries at most 10000 (the most severe are kept). Fix these first, or raise --max-findings._\n', ''].join('\n'),
    );
  });

  it('a comment full before the suppressed list: they are counted, 1 and 2', () => {
    // A long reason, so that the whole comment does not fit either.
    const one = f('error', 2);
    const long = 'r'.repeat(700);
    const used = head.length + 1 + '**1 error, 0 warnings, 0 info in 1 of 1 file (1 map checked); 1 suppressed**\n'.length + 1 + tableHead.length + 1 + row(one).length + 1 + 1;
    // The suppressed header (over 100 characters) does not fit in 50 more.
    const md = renderMarkdown(report([one], [sup(4, long)]), { maxChars: used + 600 + 50 });
    assert.ok(md.endsWith('\n1 finding is suppressed by `incidentmap-ignore` comments (not listed: the comment is full).\n\n'), md);
    const two = renderMarkdown(report([one], [sup(4, long), sup(5, long)]), { maxChars: used + 600 + 50 });
    assert.ok(two.includes('\n2 findings are suppressed by `incidentmap-ignore` comments (not listed: the comment is full).\n'), two);
  });

  it('suppressed rows that do not all fit: the rest counted inside the list', () => {
    const rows = Array.from({ length: 12 }, (_, i) => sup(i + 1, `${'long reason '.repeat(8)}${i}`));
    const md = renderMarkdown(report([], rows), { maxChars: 1400 });
    const listed = md.split('\n').filter((l) => l.startsWith('| `m.incidentmap:')).length;
    assert.ok(listed > 0 && listed < 12, `${listed}`);
    assert.ok(md.endsWith(`\n\n${12 - listed} more not listed.\n\n</details>\n\n`), md);
  });

  it('a budget that cuts the first table: no folded list after it, and the count of what is not shown', () => {
    const fs = [1, 2, 3, 4].map((line) => f('error', line, 'missing-owner', `${line}`.repeat(300)));
    const summary = '**4 errors, 0 warnings, 0 info in 1 of 1 file (1 map checked)**\n';
    const used = head.length + 1 + summary.length + 1 + tableHead.length + 1 + row(fs[0]!).length + 1;
    const limit = used + 600 + row(fs[1]!).length;
    const md = renderMarkdown(report(fs), { maxChars: limit });
    assert.equal(md, [head, summary, tableHead, row(fs[0]!), '', `**3 of 4 findings are not shown: GitHub limits a comment to ${limit.toLocaleString('en-US')} characters.** Run \`incidentmap check\` locally, or see the annotations or SARIF results, for all of them.\n`, ''].join('\n'));
  });

  it('the first `visible` rows in the table, the rest folded', () => {
    const fs = [f('error', 1), f('error', 2), f('error', 3)];
    assert.equal(
      renderMarkdown(report(fs), { visible: 2 }),
      [head, '**3 errors, 0 warnings, 0 info in 1 of 1 file (1 map checked)**\n', tableHead, row(fs[0]!), row(fs[1]!), '', `<details><summary>1 more</summary>\n\n${tableHead}`, row(fs[2]!), '\n</details>\n', ''].join('\n'),
    );
  });
});

describe('check formats: SARIF', () => {
  const parse = (r: Report, max?: number) => JSON.parse(renderSarif(r, '1.2.3', max)).runs[0];

  it('each rule named in PascalCase, with its help and docs link in markdown, level, tags and problem severity', () => {
    const rules = parse(report([])).tool.driver.rules as { id: string; name: string; help: { text: string; markdown: string }; helpUri: string; defaultConfiguration: unknown; properties: unknown }[];
    const owner = rules.find((r) => r.id === 'missing-owner')!;
    assert.deepEqual(owner, {
      id: 'missing-owner',
      name: 'MissingOwner',
      shortDescription: { text: 'Tier-1 component without owner' },
      fullDescription: { text: 'A tier-1 component has no owner (neither its own nor the file-level default), so nobody is obviously paged when it breaks.' },
      help: {
        text: 'Add owner: with the owning team or on-call rotation, or a file-level owner: for all components of the file.',
        markdown: `Add owner: with the owning team or on-call rotation, or a file-level owner: for all components of the file.\n\n[Documentation and examples](${docs('missing-owner')})`,
      },
      helpUri: docs('missing-owner'),
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['incidentmap', 'ownership'], precision: 'very-high', 'problem.severity': 'warning' },
    });
    assert.equal(rules.find((r) => r.id === 'retry-amplification')!.name, 'RetryAmplification');
  });

  it('results: errors first, then warnings, then notes, each in report order; suppressed ones after them with their justification', () => {
    const run = parse(report(mixed(), [sup(9, 'runbook in the wiki'), sup(10, 'x', 'not-a-rule')]));
    assert.deepEqual(
      run.results.map((r: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => `${r.level} ${r.locations[0]!.physicalLocation.region.startLine}`),
      ['error 2', 'error 4', 'warning 1', 'warning 3', 'warning 6', 'note 5', 'warning 9', 'warning 10'],
    );
    const ruleIndex = (parse(report([])).tool.driver.rules as { id: string }[]).findIndex((r) => r.id === 'missing-runbook');
    assert.deepEqual(run.results[6], {
      ruleId: 'missing-runbook',
      ruleIndex,
      level: 'warning',
      message: { text: 'suppressed on line 9' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'm.incidentmap', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 1 } } }],
      suppressions: [{ kind: 'inSource', justification: 'runbook in the wiki' }],
      partialFingerprints: { 'incidentmapFingerprint/v1': 'sp9' },
    });
    assert.equal('ruleIndex' in run.results[7], false, 'an unknown rule has no index');
  });

  it('maxResults counts suppressed results too: findings first, then as many suppressed as fit', () => {
    const r = report([f('error', 1), f('warning', 2)], [sup(3), sup(4)]);
    assert.deepEqual(parse(r, 3).results.map((x: { message: { text: string } }) => x.message.text), ['finding on line 1', 'finding on line 2', 'suppressed on line 3']);
    assert.deepEqual(parse(r, 4).results.length, 4);
    const one = parse(r, 1);
    assert.deepEqual(one.results.map((x: { message: { text: string } }) => x.message.text), ['finding on line 1']);
    assert.equal(one.invocations[0].toolExecutionNotifications[0].message.text, '1 of 2 results were left out to stay within 1 results per run (the most severe are kept). Run `incidentmap check` locally for all of them.');
    assert.equal(one.properties.omittedResults, 1);
  });

  it('artifacts: a relative path under %SRCROOT%, each segment encoded; an absolute path or a file URI as the URI', () => {
    assert.deepEqual(artifact('maps/a b#1.incidentmap', 'file:///r/maps/a%20b%231.incidentmap'), { uri: 'maps/a%20b%231.incidentmap', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifact('/elsewhere/a.incidentmap', 'file:///elsewhere/a.incidentmap'), { uri: 'file:///elsewhere/a.incidentmap' });
    assert.deepEqual(artifact('file:///x/a.incidentmap', 'file:///x/a.incidentmap'), { uri: 'file:///x/a.incidentmap' });
    assert.deepEqual(artifact('dir/file:', 'file:///r/dir/file%3A'), { uri: 'dir/file%3A', uriBaseId: '%SRCROOT%' });
  });
});

describe('check formats: text', () => {
  it('suppressed findings and findings left out, each followed by a blank line, then the summary', () => {
    const out = renderText(report([f('warning', 2)], [sup(5, 'later')], 2), () => undefined, plain);
    assert.equal(
      out,
      [
        'm.incidentmap:2:3  warning  finding on line 2  [missing-owner]',
        '',
        'Suppressed by incidentmap-ignore comments (1):',
        '  m.incidentmap:5  missing-runbook: later',
        '',
        '2 more findings were left out: a report carries at most 10000 (the most severe are kept). Fix these first, or raise --max-findings.',
        '',
        '0 errors, 1 warning, 0 info in 1 of 1 file (1 map checked); 1 suppressed',
        '',
      ].join('\n'),
    );
  });

  it('a path that starts with ":" is written ./: at the start of a line and after the indentation of a suppressed one', () => {
    const x = f('error', 1, 'missing-owner', 'm', '::error::x.incidentmap');
    const s = sup(3, 'r', 'missing-runbook', '::warning::y.incidentmap');
    const out = renderText(report([x], [s]), () => undefined, plain).split('\n');
    assert.equal(out[0], './::error::x.incidentmap:1:3  error  m  [missing-owner]');
    assert.equal(out[3], '  ./::warning::y.incidentmap:3  missing-runbook: r');
    const ending = f('error', 1, 'missing-owner', 'm', 'x::');
    assert.equal(renderText(report([ending]), () => undefined, plain).split('\n')[0], 'x:::1:3  error  m  [missing-owner]');
  });

  it('a code frame over several lines: the first from its column, the middle ones whole from their first non-blank, a blank one with one caret, the last to its column', () => {
    const lines = ['a: 1', '  b: [x,', '       y,', '   ', '   z]', 'c: 2'];
    const x: ReportFinding = { ...f('error', 2), span: { startLine: 2, startColumn: 6, endLine: 5, endColumn: 5 } };
    assert.equal(
      codeFrame(lines, x, plain, 1),
      [
        '  1 | a: 1',
        '> 2 |   b: [x,',
        '    |      ^^^',
        '> 3 |        y,',
        '    |        ^^',
        '> 4 |    ',
        '    |    ^',
        '> 5 |    z]',
        '    |    ^',
        '  6 | c: 2',
      ].join('\n'),
    );
  });
});

describe('check formats: JSON', () => {
  it('without a resilience summary: the report pretty-printed, one final line break', () => {
    const r = report([], [], 0);
    r.files = [];
    r.maps = 0;
    assert.equal(
      renderJson(r, '1.2.3'),
      '{\n  "version": 1,\n  "tool": {\n    "name": "incidentmap",\n    "version": "1.2.3"\n  },\n  "root": "/r",\n  "files": [],\n  "summary": {\n    "error": 0,\n    "warning": 0,\n    "info": 0,\n    "suppressed": 0\n  },\n  "omitted": 0,\n  "findings": [],\n  "suppressed": []\n}\n',
    );
  });

  it('scenario and journey outcomes are written on one line after the failovers', () => {
    const r = report([]);
    r.resilience = { version: 1, components: [], singlePoints: [], failovers: [], outcomes: { scenarios: [{ id: 's', outcome: 'survived', rank: 0 }], journeys: [] } };
    assert.ok(renderJson(r, '1').endsWith('    "failovers": [],\n    "outcomes": {"scenarios":[{"id":"s","outcome":"survived","rank":0}],"journeys":[]}\n  }\n}\n'), renderJson(r, '1'));
  });
});

describe('check formats: the report', () => {
  const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 8 } });
  const finding = (severity: Severity, line: number, key?: string): Finding => ({ ruleId: 'missing-owner', severity, message: `m${line}`, uri: 'file:///r/m.incidentmap', range: range(line), ...(key ? { key } : {}) });
  const fp = (identity: string) => createHash('sha256').update(`missing-owner\u0000m.incidentmap\u0000${identity}`).digest('hex').slice(0, 32);
  const run = (findings: Finding[]): CheckRun => ({
    root: '/r',
    entries: ['/r/m.incidentmap'],
    files: ['file:///r/m.incidentmap'],
    findings,
    suppressed: [
      { finding: finding('warning', 7, 'missing-owner:db'), reason: 'later', at: { uri: 'file:///r/m.incidentmap', range: range(6) } },
      { finding: finding('info', 9), reason: 'no key', at: { uri: 'file:///r/m.incidentmap', range: range(8) } },
    ],
  });

  it('paths relative to the root, 1-based spans, the key only when the rule gives one, fingerprints from the key or the message', () => {
    const r = buildReport(run([finding('error', 0, 'missing-owner:api'), finding('info', 3)]));
    assert.deepEqual(r.findings, [
      { ruleId: 'missing-owner', severity: 'error', message: 'm0', path: 'm.incidentmap', uri: 'file:///r/m.incidentmap', span: { startLine: 1, startColumn: 3, endLine: 1, endColumn: 9 }, related: [], fingerprint: fp('missing-owner:api'), key: 'missing-owner:api' },
      { ruleId: 'missing-owner', severity: 'info', message: 'm3', path: 'm.incidentmap', uri: 'file:///r/m.incidentmap', span: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 9 }, related: [], fingerprint: fp('m3') },
    ]);
    assert.deepEqual(r.suppressed, [
      { ruleId: 'missing-owner', severity: 'warning', message: 'm7', path: 'm.incidentmap', uri: 'file:///r/m.incidentmap', line: 8, reason: 'later', suppressedAt: { path: 'm.incidentmap', line: 7 }, fingerprint: fp('missing-owner:db'), key: 'missing-owner:db' },
      { ruleId: 'missing-owner', severity: 'info', message: 'm9', path: 'm.incidentmap', uri: 'file:///r/m.incidentmap', line: 10, reason: 'no key', suppressedAt: { path: 'm.incidentmap', line: 9 }, fingerprint: fp('m9') },
    ]);
    assert.deepEqual(r.summary, { error: 1, warning: 0, info: 1, suppressed: 2 });
    assert.deepEqual(r.files, ['m.incidentmap']);
  });

  it('a minimum severity leaves out what is below it, from the findings and the counts; findings sorted by position', () => {
    const r = buildReport(run([finding('info', 3), finding('warning', 1), finding('error', 0)]), 'warning');
    assert.deepEqual(r.findings.map((x) => x.message), ['m0', 'm1'], 'in file order, whatever order the run gave');
    assert.deepEqual(r.summary, { error: 1, warning: 1, info: 0, suppressed: 2 });
    assert.equal(r.omitted, 0);
  });

  it('the sentence for findings left out: none, 1 and 2', () => {
    const r = report([]);
    assert.equal(omittedLine(r), undefined);
    assert.equal(omittedLine({ ...r, omitted: 1 }), '1 more finding was left out: a report carries at most 10000 (the most severe are kept). Fix these first, or raise --max-findings.');
    assert.equal(omittedLine({ ...r, omitted: 2, maxFindings: 5 }), '2 more findings were left out: a report carries at most 5 (the most severe are kept). Fix these first, or raise --max-findings.');
  });
});
