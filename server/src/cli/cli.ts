// `incidentmap`: a function from argv and streams to an exit code, so tests call it directly and
// main.ts is only process glue.
import type { Host } from '../core/index';
import { nodeHost } from '../node/nodeHost';
import { ExitCode, UsageError, type CliIO, type Command } from './command';
import { commands } from './commands/index';
import { readOnce } from './readOnce';

export const version = '0.1.0';

function overview(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'incidentmap: check incident maps, simulate failures, render graphs.',
    '',
    'Usage: incidentmap <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `incidentmap <command> --help` for its options. Exit codes: 0 clean, 1 findings at or above',
    '--fail-on, 2 usage or input error, 3 internal error.',
    '',
  ].join('\n');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const out = name === undefined ? io.stderr : io.stdout;
    out.write(overview(commands));
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`incidentmap: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.\n`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return ExitCode.ok;
  }
  try {
    const hosts = new Map<string, Host>();
    const hostFor = (root: string): Host => {
      let h = hosts.get(root);
      if (h === undefined) {
        h = readOnce(io.host ?? nodeHost(root));
        hosts.set(root, h);
      }
      return h;
    };
    return await command.run(rest, { io, hostFor, version });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`incidentmap ${command.name}: ${e.message}\n${e.hint ? `${e.hint}\n` : ''}`);
      return ExitCode.usage;
    }
    // parseArgs reports unknown options and missing values as TypeErrors with these codes.
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`incidentmap ${command.name}: ${(e as Error).message}\nRun \`incidentmap ${command.name} --help\` for its options.\n`);
      return ExitCode.usage;
    }
    io.stderr.write(
      `incidentmap ${command.name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n` +
        'This is a bug in incidentmap; please report it with the command and the map that caused it.\n',
    );
    return ExitCode.internal;
  }
}
