// Process glue for `incidentmap`: everything testable lives in cli.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { primeChunkCache } from '../node/parallelParse';
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
  // Beside this bundle in dist/; INCIDENTMAP_THREADS=1 keeps everything on one thread.
  prime: (cache, files) => primeChunkCache(cache, files, { script: join(__dirname, 'parse-worker.js'), threads: threadsFromEnv(process.env['INCIDENTMAP_THREADS']) }),
}).then(
  // exitCode rather than exit(): stdout may still be draining into a pipe.
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`incidentmap: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 3;
  },
);

function threadsFromEnv(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}
