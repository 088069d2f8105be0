// A test-only extension for code-server: VS Code's web workbench ignores extensionTestsPath for the
// remote (Node) extension host, so this extension runs the same suite @vscode/test-electron runs.
// It activates only in a folder holding `.incidentmap-e2e-suite` (JSON naming the compiled suite),
// runs it once and writes the results beside it for the Playwright driver (test/e2e) to read.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

interface Marker {
  suite: string;
  grep?: string;
}

export function activate(): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    return;
  }
  const dir = folder.uri.fsPath;
  const results = join(dir, '.incidentmap-e2e-results.json');
  // Written to a temporary name first so the driver never reads half a file.
  const write = (value: unknown) => {
    writeFileSync(`${results}.tmp`, JSON.stringify(value, null, 2));
    renameSync(`${results}.tmp`, results);
  };
  void (async () => {
    try {
      const marker = JSON.parse(readFileSync(join(dir, '.incidentmap-e2e-suite'), 'utf8')) as Marker;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const suite = require(marker.suite) as typeof import('../suite/index');
      write(await suite.runSuite(marker.grep));
    } catch (e) {
      write({ passed: 0, failed: 1, tests: [{ title: 'runner', state: 'failed', error: e instanceof Error ? e.stack : String(e) }] });
    }
  })();
}

export function deactivate(): void {}
