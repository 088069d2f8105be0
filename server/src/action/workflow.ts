// The GitHub Actions runner's side of the conversation, written by hand (about 60 lines, where
// @actions/core would bring its own dependencies into the bundle): inputs come in as INPUT_<NAME>
// variables, outputs and the job summary go to the files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// name, and messages are workflow commands on stdout.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

/** An input as the runner passes it: INPUT_ + the name in upper case, spaces as underscores. */
export function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** true/false (YAML 1.2 core schema spellings, as @actions/core accepts); anything else is an error. */
export function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const v = input(env, name);
  if (v === '') {
    return fallback;
  }
  if (['true', 'True', 'TRUE'].includes(v)) {
    return true;
  }
  if (['false', 'False', 'FALSE'].includes(v)) {
    return false;
  }
  throw new InputError(`input ${name} is "${v}"; write true or false`);
}

/** Words of an input, separated by spaces, commas or new lines. */
export function listInput(env: Env, name: string): string[] {
  return input(env, name)
    .split(/[\s,]+/)
    .filter((w) => w !== '');
}

export class InputError extends Error {}

/** Escapes the text of a workflow command (the runner's own escaping: %, CR, LF). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Appends `name<<delimiter` blocks to GITHUB_OUTPUT; a random delimiter cannot occur in the value. */
export function setOutputs(env: Env, outputs: Record<string, string>): void {
  const file = env['GITHUB_OUTPUT'];
  if (!file) {
    return;
  }
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `incidentmap_${randomUUID()}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text);
}

export function appendSummary(env: Env, markdown: string): boolean {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file) {
    return false;
  }
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return true;
}
