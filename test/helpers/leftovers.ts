// Root hook for every mocha run (.mocharc.json, and the e2e command line). Tests start language
// servers, CLIs, worker threads and browsers; one they forget keeps Node's event loop, and so the
// whole test run, alive after the last test. Mocha runs with --exit so that cannot hang CI; this
// says what was left behind, so the leak is fixed rather than hidden.

/** Resources that belong to the runner itself, not to a test. */
const runner = new Set(['TTYWrap', 'PipeWrap', 'FSReqCallback', 'Timeout', 'Immediate']);

function leftovers(): string[] {
  return process.getActiveResourcesInfo().filter((r) => !runner.has(r));
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(10_000);
    // Processes and threads stopped by the last after hooks take a moment to go.
    for (let i = 0; i < 20 && leftovers().length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const left = leftovers();
    if (left.length > 0) {
      const counts = new Map<string, number>();
      for (const r of left) {
        counts.set(r, (counts.get(r) ?? 0) + 1);
      }
      process.stderr.write(
        `\n  warning: the tests left ${[...counts].map(([r, n]) => `${n} ${r}`).join(', ')} running after the last test; ` +
          'find the test that starts it and stop it in its after hook.\n',
      );
    }
  },
};
