// The CLI's commands. Adding one is a file in this folder and a line here.
import type { Command } from '../command';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { graphCommand } from './graph';
import { mcpCommand } from './mcp';
import { schemaCommand } from './schema';
import { simulateCommand } from './simulate';

export const commands: readonly Command[] = [checkCommand, diffCommand, simulateCommand, graphCommand, schemaCommand, mcpCommand];
