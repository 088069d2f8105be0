// Runs the extension-host suite. Two launchers call it: @vscode/test-electron (desktop VS Code, which
// loads this file as extensionTestsPath and calls run()) and the e2e runner extension inside
// code-server (test/vscode/runner), which cannot use extensionTestsPath there and writes the results
// to a file the Playwright driver reads.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteResult {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

export async function runSuite(grep?: string): Promise<SuiteResult> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (grep) {
    mocha.grep(grep);
  }
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, f));
  }
  const result: SuiteResult = { passed: 0, failed: 0, tests: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      result.passed++;
      result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    });
    runner.on('fail', (t, err: Error) => {
      result.failed++;
      result.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) });
    });
    runner.on('pending', (t) => result.tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
  return result;
}

/** The @vscode/test-electron contract: reject when a test failed. */
export async function run(): Promise<void> {
  const r = await runSuite(process.env['INCIDENTMAP_E2E_GREP']);
  if (r.failed > 0) {
    throw new Error(`${r.failed} extension-host test(s) failed`);
  }
}
