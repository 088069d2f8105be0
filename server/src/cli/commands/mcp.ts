// `incidentmap mcp`: serves the Model Context Protocol over stdin and stdout until stdin ends. The
// server itself is server/src/mcp/; this command only checks the root and connects the transport.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ExitCode, sharedOptions, UsageError, type Command } from '../command';
import { rootOf } from '../loadMap';

const usage = `Usage: incidentmap mcp [--root DIR]

Runs a Model Context Protocol server on stdin and stdout, for coding agents (VS Code, Claude Desktop,
any MCP client). Its tools check maps (findings with locations), simulate a failure (blast radius),
list and evaluate stress scenarios, and compare the maps with a git ref; the JSON Schema and the rule
docs are resources. Read-only: no file is written, and no file outside DIR is read.

Options:
      --root DIR   the only folder the tools read (default: the repository root above the current
                   folder, else the folder); paths the agent gives are relative to it
  -h, --help       show this help

Set it up in a client as: {"command": "incidentmap", "args": ["mcp", "--root", "/path/to/repo"]}.
See docs/mcp.md. Exit codes: 0 when the client closes stdin, 2 usage error, 3 internal error.
`;

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve the Model Context Protocol on stdio for coding agents (check, simulate, scenarios, diff)',
  usage,
  async run(argv, { io, version }) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { root: sharedOptions.root } });
    if (positionals.length > 0) {
      throw new UsageError(`mcp takes no files; got "${positionals[0]}"`, 'The agent names the maps; give the folder they are in with --root DIR.');
    }
    const root = rootOf(io, values.root);
    let isFolder = false;
    try {
      isFolder = statSync(root).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) {
      throw new UsageError(`--root ${root} is not a folder`, 'Give the repository or workspace folder that holds the maps.');
    }
    // Loaded here, not at the top: the SDK and zod would triple the CLI bundle, and every other command
    // would pay to load them (`incidentmap --version` went from 0.2 to 0.45 s). esbuild.mjs ships the
    // server as dist/mcp.js beside the CLI, as it does elkjs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { serveStdio } = require('../../mcp/server') as typeof import('../../mcp/server');
    const { stdin, stdout } = io.protocol ?? { stdin: process.stdin, stdout: process.stdout };
    await serveStdio({ root, env: io.env, version, log: (line) => io.stderr.write(`${line}\n`) }, stdin, stdout);
    return ExitCode.ok;
  },
};
