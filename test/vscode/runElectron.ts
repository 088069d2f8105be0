// `npm run test:vscode`: the extension-host suite in desktop VS Code, downloaded by @vscode/test-electron
// (needs the internet; on machines without it, `npm run test:e2e` runs the same suite in code-server).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suiteToday } from './suite/today';

async function main(): Promise<number> {
  const repo = resolve(__dirname, '../../..');
  // The suite edits and saves files: give it a throwaway copy of the samples.
  const workspace = mkdtempSync(join(tmpdir(), 'incidentmap-vscode-'));
  cpSync(join(repo, 'samples'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(__dirname, 'suite/index.js'),
      // Pins "today" for the server (rehearsal ages): the suite must not depend on the real clock.
      extensionTestsEnv: { INCIDENTMAP_NOW: suiteToday },
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
    });
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main().then((code) => (process.exitCode = code));
