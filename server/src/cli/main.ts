// Process glue for `incidentmap`: everything testable lives in cli.ts.
import { writeFileSync } from 'node:fs';
import { run } from './cli';

// `incidentmap check | head`: the reader has gone, and nobody is left to read the rest. Stop quietly,
// as cat and grep do, instead of printing Node's stack for the EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') {
      throw e;
    }
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

const out = (stream: NodeJS.WriteStream) => ({ write: (s: string) => void stream.write(s), isTTY: stream.isTTY === true });

run(process.argv.slice(2), {
  stdout: out(process.stdout),
  stderr: out(process.stderr),
  cwd: process.cwd(),
  env: process.env,
  writeFile: (path, text) => writeFileSync(path, text),
}).then(
  // exitCode rather than exit(): stdout may still be draining into a pipe.
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`incidentmap: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 3;
  },
);
