// What every CLI command is given and returns. Commands write only to the streams in CliIO (or to
// the file they were asked to write), so tests run them in memory and json/sarif stdout stays pure.
import type { Readable, Writable } from 'node:stream';
import type { Host } from '../core/index';

export interface Output {
  write(text: string): void;
  /** A terminal: colour and width apply. */
  isTTY?: boolean;
}

export interface CliIO {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Record<string, string | undefined>;
  /**
   * Disk through the file gate by default; tests inject hosts that fail. An injected host is used
   * as given for every root (it is the test's stand-in for the disk, gate included).
   */
  host?: Host;
  /**
   * The raw streams a protocol server speaks over (`incidentmap mcp`): the process's stdin and
   * stdout by default. Every other command writes through `stdout` above.
   */
  protocol?: { stdin: Readable; stdout: Writable };
  /** Writes a file the user asked for (`-o`); disk by default. */
  writeFile?(path: string, text: string | Uint8Array): void;
}

/** Options that mean the same in every command that takes them (node:util parseArgs specs). */
export const sharedOptions = {
  output: { type: 'string', short: 'o' },
  root: { type: 'string' },
} as const;

export const ExitCode = {
  ok: 0,
  /** Findings at or above --fail-on. */
  findings: 1,
  /** Bad arguments, unreadable input: the user can fix it. */
  usage: 2,
  /** A bug in incidentmap. */
  internal: 3,
} as const;

/** A problem with the invocation or its input: reported as one clear line, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface CommandContext {
  io: CliIO;
  /** The files under `root` (absolute), through the file gate, each read once per run. */
  hostFor(root: string): Host;
  version: string;
}

export interface Command {
  name: string;
  /** One line for `incidentmap --help`. */
  summary: string;
  /** The full `incidentmap <name> --help` text. */
  usage: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}
