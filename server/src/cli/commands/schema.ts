import { parseArgs } from 'node:util';
import { configJsonSchema, jsonSchema } from '../../core/index';
import { ExitCode, type Command } from '../command';

const usage = `Usage: incidentmap schema [--config]

Prints the JSON Schema of .incidentmap files (draft-07), for any YAML tooling; with --config,
the schema of incidentmap.config.yaml. The same schema is published as schemas/incidentmap.schema.json.
`;

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of the format (--config: of incidentmap.config.yaml)',
  usage,
  async run(argv, { io }) {
    const { values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'boolean', default: false } } });
    io.stdout.write(JSON.stringify(values.config ? configJsonSchema() : jsonSchema(), null, 2) + '\n');
    return ExitCode.ok;
  },
};
