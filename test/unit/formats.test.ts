// Every report format, whole, for one small map: an error (warn == crit, line 7) and, with
// --rule retry-amplification=info, an information finding with a related location (line 8). The
// expected outputs are written out here and were read line by line: positions, colours, levels,
// links, counts. A change to any of them is a change to what CI logs, PR comments and code scanning
// show, and must show up here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli/cli';
import type { CliIO } from '../../server/src/cli/command';
import { codeFrame, plain, splitLines } from '../../server/src/cli/format/text';
import type { ReportFinding } from '../../server/src/cli/format/report';
import { retryMessage, twoFindingsMap, unreachableMessage } from '../helpers/twoFindings';

const map = twoFindingsMap;
const errorMessage = unreachableMessage;
const infoMessage = retryMessage;
const docs = (id: string) => `https://github.com/incidentmap/incidentmap/blob/main/docs/rules.md#${id}`;

describe('report formats, whole', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-formats-'));
    writeFileSync(join(tmp, 'm.incidentmap'), map);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  async function check(...args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const io: CliIO = {
      stdout: { write: (s) => void (stdout += s) },
      stderr: { write: (s) => assert.fail(`stderr: ${s}`) },
      cwd: tmp,
      env: { INCIDENTMAP_NOW: '2026-11-22' },
    };
    const code = await run(['check', 'm.incidentmap', '--root', '.', '--rule', 'retry-amplification=info', ...args], io);
    return { code, stdout };
  }

  it('text, in colour: bold locations, red errors, blue information, dim frames and rule ids, the summary in the worst colour', async () => {
    const E = '\u001b';
    const bold = (s: string) => `${E}[1m${s}${E}[22m`;
    const dim = (s: string) => `${E}[2m${s}${E}[22m`;
    const red = (s: string) => `${E}[31m${s}${E}[39m`;
    const blue = (s: string) => `${E}[34m${s}${E}[39m`;
    const expected = [
      `${bold('m.incidentmap:7:36')}  ${red('error')}  ${errorMessage}  ${dim('[unreachable-threshold]')}`,
      `  ${dim('5 |')}     tier: 3`,
      `  ${dim('6 |')}     signals:`,
      `${bold('>')} ${dim('7 |')}       - {name: q, metric: q, warn: 20, crit: 20, leading: true}`,
      `    ${dim('|')}                                    ${red('^^')}`,
      `  ${dim('8 |')}     dependsOn: [{target: db, retries: 10}]`,
      `  ${dim('9 |')}   - id: db`,
      '',
      `${bold('m.incidentmap:8:39')}  ${blue('info')}  ${infoMessage}  ${dim('[retry-amplification]')}`,
      `  ${dim(' 6 |')}     signals:`,
      `  ${dim(' 7 |')}       - {name: q, metric: q, warn: 20, crit: 20, leading: true}`,
      `${bold('>')} ${dim(' 8 |')}     dependsOn: [{target: db, retries: 10}]`,
      `     ${dim('|')}                                       ${blue('^^')}`,
      `  ${dim(' 9 |')}   - id: db`,
      `  ${dim('10 |')}     kind: datastore`,
      `    ${dim('·')} m.incidentmap:8:39  api → db: 11 attempts`,
      '',
      red('1 error, 0 warnings, 1 info in 1 of 1 file (1 map checked)'),
      '',
    ].join('\n');
    const r = await check('--color');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, expected);
  });

  it('text, with a warning only: the summary in yellow; with nothing, not coloured at all', async () => {
    const r = await check('--color', '--rule', 'unreachable-threshold=off', '--rule', 'retry-amplification=warning');
    assert.equal(r.code, 0);
    assert.ok(r.stdout.endsWith('\u001b[33m0 errors, 1 warning, 0 info in 1 of 1 file (1 map checked)\u001b[39m\n'), JSON.stringify(r.stdout.slice(-120)));
    assert.ok(r.stdout.includes('\u001b[33mwarning\u001b[39m'));
    const clean = await check('--color', '--rule', 'unreachable-threshold=off', '--rule', 'retry-amplification=off');
    assert.equal(clean.stdout, '0 errors, 0 warnings, 0 info in 0 of 1 file (1 map checked)\n');
  });

  it('github: one workflow command per finding, errors first, with the full span and the rule in the title', async () => {
    const r = await check('--format', 'github');
    assert.equal(
      r.stdout,
      `::error file=m.incidentmap,line=7,col=36,endLine=7,endColumn=38,title=incidentmap unreachable-threshold::${errorMessage}\n` +
        `::notice file=m.incidentmap,line=8,col=39,endLine=8,endColumn=41,title=incidentmap retry-amplification::${infoMessage}\n`,
    );
  });

  it('json: the summary, the findings with spans, related locations, fingerprints and keys', async () => {
    const j = JSON.parse((await check('--format', 'json')).stdout);
    assert.equal(j.version, 1);
    assert.deepEqual(j.tool, { name: 'incidentmap', version: '0.1.0' });
    assert.deepEqual(j.files, ['m.incidentmap']);
    assert.deepEqual(j.summary, { error: 1, warning: 0, info: 1, suppressed: 0 });
    assert.equal(j.omitted, 0);
    const uri = j.findings[0].uri as string;
    assert.ok(uri.startsWith('file:///') && uri.endsWith('/m.incidentmap'), uri);
    assert.deepEqual(j.findings, [
      {
        ruleId: 'unreachable-threshold',
        severity: 'error',
        message: errorMessage,
        path: 'm.incidentmap',
        uri,
        span: { startLine: 7, startColumn: 36, endLine: 7, endColumn: 38 },
        related: [],
        fingerprint: 'bcb4f39676a245dd3798792079ddb788',
        key: 'unreachable-threshold:api:q',
      },
      {
        ruleId: 'retry-amplification',
        severity: 'info',
        message: infoMessage,
        path: 'm.incidentmap',
        uri,
        span: { startLine: 8, startColumn: 39, endLine: 8, endColumn: 41 },
        related: [{ path: 'm.incidentmap', uri, span: { startLine: 8, startColumn: 39, endLine: 8, endColumn: 41 }, message: 'api → db: 11 attempts' }],
        fingerprint: 'c743945bae622ff621739858f47e5f7f',
        key: 'retry-amplification:api',
      },
    ]);
    assert.deepEqual(j.suppressed, []);
  });

  it('sarif: levels error and note, regions, related locations, fingerprints, the summary', async () => {
    const s = JSON.parse((await check('--format', 'sarif')).stdout);
    assert.equal(s.version, '2.1.0');
    const runOf = s.runs[0];
    assert.equal(runOf.tool.driver.name, 'incidentmap');
    const location = (startLine: number, startColumn: number, endColumn: number) => ({
      physicalLocation: { artifactLocation: { uri: 'm.incidentmap', uriBaseId: '%SRCROOT%' }, region: { startLine, startColumn, endLine: startLine, endColumn } },
    });
    const rules = runOf.tool.driver.rules as { id: string }[];
    assert.deepEqual(runOf.results, [
      {
        ruleId: 'unreachable-threshold',
        ruleIndex: rules.findIndex((r) => r.id === 'unreachable-threshold'),
        level: 'error',
        message: { text: errorMessage },
        locations: [location(7, 36, 38)],
        partialFingerprints: { 'incidentmapFingerprint/v1': 'bcb4f39676a245dd3798792079ddb788' },
      },
      {
        ruleId: 'retry-amplification',
        ruleIndex: rules.findIndex((r) => r.id === 'retry-amplification'),
        level: 'note',
        message: { text: infoMessage },
        locations: [location(8, 39, 41)],
        relatedLocations: [{ id: 0, ...location(8, 39, 41), message: { text: 'api → db: 11 attempts' } }],
        partialFingerprints: { 'incidentmapFingerprint/v1': 'c743945bae622ff621739858f47e5f7f' },
      },
    ]);
    assert.ok(rules.findIndex((r) => r.id === 'retry-amplification') >= 0);
    assert.deepEqual(runOf.invocations, [{ executionSuccessful: true }]);
    assert.deepEqual(runOf.properties, { summary: { error: 1, warning: 0, info: 1, suppressed: 0 }, omittedResults: 0 });
    const rule = rules.find((r) => r.id === 'unreachable-threshold') as unknown as { helpUri: string; defaultConfiguration: { level: string } };
    assert.equal(rule.helpUri, docs('unreachable-threshold'));
    assert.equal(rule.defaultConfiguration.level, 'error');
  });

  it('markdown: the summary in bold, a row per finding, errors first, each rule linked to its docs', async () => {
    const r = await check('--format', 'markdown');
    assert.equal(
      r.stdout,
      [
        '### incidentmap',
        '',
        '**1 error, 0 warnings, 1 info in 1 of 1 file (1 map checked)**',
        '',
        '| Severity | Location | Rule | Finding |',
        '| --- | --- | --- | --- |',
        `| 🔴 error | \`m.incidentmap:7\` | [unreachable-threshold](${docs('unreachable-threshold')}) | ${errorMessage} |`,
        `| 🔵 info | \`m.incidentmap:8\` | [retry-amplification](${docs('retry-amplification')}) | ${infoMessage} |`,
        '',
        '',
      ].join('\n'),
    );
    const clean = await check('--format', 'markdown', '--rule', 'unreachable-threshold=off', '--rule', 'retry-amplification=off');
    assert.equal(clean.stdout, '### incidentmap\n\n✅ No findings: 0 errors, 0 warnings, 0 info in 0 of 1 file (1 map checked).\n\n');
  });
});

describe('report formats: the details a reader or a tool relies on', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-details-'));
    writeFileSync(join(tmp, 'm.incidentmap'), map);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const out = async (...args: string[]) => {
    let stdout = '';
    await run(['check', 'm.incidentmap', '--root', '.', ...args], { stdout: { write: (x) => void (stdout += x) }, stderr: { write: () => undefined }, cwd: tmp, env: { INCIDENTMAP_NOW: '2026-11-22' } });
    return stdout;
  };

  it('sarif: columns counted in UTF-16 code units, the truncation notice a warning, one final newline', async () => {
    const text = await out('--format', 'sarif', '--max-results', '1');
    assert.ok(text.endsWith('}\n') && !text.endsWith('}\n\n'));
    const r = JSON.parse(text).runs[0];
    assert.equal(r.columnKind, 'utf16CodeUnits');
    assert.equal(r.invocations[0].toolExecutionNotifications[0].level, 'warning');
    assert.equal(r.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'), true);
  });

  it('json: the resilience summary writes an empty list as [] and each entry on its own line', async () => {
    const text = await out('--format', 'json');
    assert.match(text, /\n {4}"singlePoints": \[\],\n {4}"failovers": \[\]\n {2}\}\n\}\n$/);
    assert.match(text, /\n {4}"components": \[\n {6}\{"id":"api",/);
  });
});

describe('report formats: errors first, then the report order', () => {
  // File order: a warning (retry-amplification, line 5), then two errors (unreachable-threshold, line
  // 8; unknown-key, line 9). Every format that sorts must show the errors first, in file order, then
  // the warning.
  const text = `incidentmap: 1
components:
  - id: api
    kind: service
    dependsOn: [{target: db, retries: 10}]
    signals:
      - {name: q, metric: q, leading: true,
         warn: 20, crit: 20}
    dependsOn2: 1
  - {id: db, kind: datastore}
`;
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-order-'));
    writeFileSync(join(tmp, 'm.incidentmap'), text);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const out = async (format: string) => {
    let stdout = '';
    await run(['check', 'm.incidentmap', '--root', '.', '--format', format], {
      stdout: { write: (x) => void (stdout += x) },
      stderr: { write: () => undefined },
      cwd: tmp,
      env: { INCIDENTMAP_NOW: '2026-11-22' },
    });
    return stdout;
  };
  const expected = ['unreachable-threshold', 'unknown-key', 'retry-amplification'];

  it('json keeps the file order (the input to the others)', async () => {
    const j = JSON.parse(await out('json'));
    assert.deepEqual(j.findings.map((f: { ruleId: string; span: { startLine: number } }) => `${f.ruleId}@${f.span.startLine}`), ['retry-amplification@5', 'unreachable-threshold@8', 'unknown-key@9']);
  });
  it('github, sarif and markdown put the errors first, in file order, then the warning', async () => {
    assert.deepEqual((await out('github')).trim().split('\n').map((l) => /title=incidentmap ([a-z-]+)::/.exec(l)?.[1]), expected);
    assert.deepEqual(JSON.parse(await out('sarif')).runs[0].results.map((r: { ruleId: string }) => r.ruleId), expected);
    const md = (await out('markdown')).split('\n').filter((l) => /^\| (🔴|🟠)/.test(l)).map((l) => /\[([a-z-]+)\]\(/.exec(l)?.[1]);
    assert.deepEqual(md, expected);
  });
});

describe('code frames', () => {
  const lines = splitLines('one\ntwo\n\tthree four\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve');
  const finding = (startLine: number, startColumn: number, endLine: number, endColumn: number): ReportFinding =>
    ({ severity: 'error', span: { startLine, startColumn, endLine, endColumn } }) as ReportFinding;

  it('two lines of context either side, carets under the range, a tab kept so columns line up', () => {
    assert.equal(
      codeFrame(lines, finding(3, 8, 3, 12), plain),
      ['  1 | one', '  2 | two', '> 3 | \tthree four', '    | \t      ^^^^', '  4 | five', '  5 | six'].join('\n'),
    );
  });

  it('at the first line there is no context above; an empty range still gets one caret', () => {
    assert.equal(codeFrame(lines, finding(1, 2, 1, 2), plain), ['> 1 | one', '    |  ^', '  2 | two', '  3 | \tthree four'].join('\n'));
  });

  it('a range over several lines marks each, from the first non-blank column on the lines after the first', () => {
    assert.equal(
      codeFrame(lines, finding(2, 2, 3, 7), plain),
      ['  1 | one', '> 2 | two', '    |  ^^', '> 3 | \tthree four', '    | \t^^^^^', '  4 | five', '  5 | six'].join('\n'),
    );
  });

  it('the gutter is as wide as the last line number shown; at the end there is no context below', () => {
    // 11 lines: the last one, "twelve" (line 3 holds two words).
    assert.equal(codeFrame(lines, finding(11, 1, 11, 3), plain), ['   9 | ten', '  10 | eleven', '> 11 | twelve', '     | ^^'].join('\n'));
  });

  it('lines end at CRLF, a lone CR and LF alike', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a', 'b', 'c', 'd']);
  });
});
