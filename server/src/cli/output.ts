import { isAbsolute, resolve } from 'node:path';
import { UsageError, type CliIO } from './command';

/** Writes a command's result to the file `-o` named (relative to the working folder), or to stdout. */
export function writeResult(io: CliIO, output: string | undefined, text: string | Uint8Array): void {
  if (output === undefined) {
    io.stdout.write(typeof text === 'string' ? text : new TextDecoder().decode(text));
    return;
  }
  if (!io.writeFile) {
    throw new UsageError('this environment cannot write files; leave out -o to print to stdout');
  }
  try {
    io.writeFile(isAbsolute(output) ? output : resolve(io.cwd, output), text);
  } catch (e) {
    throw new UsageError(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
