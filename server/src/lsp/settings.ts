// The `incidentmap.*` settings, read per resource (a workspace folder can override the user's), never
// from a global. Values come from the user's settings.json: checked here, so a typo never reaches the
// core as a wrong type.
import type { Connection } from 'vscode-languageserver/node';
import { parseDuration, ruleById, type Settings } from '../core/index';
import type { ServerSettings } from '../protocol/lsp';

export const defaultServerSettings: ServerSettings = { rules: {}, retryAmplificationMax: null, rehearsalMaxAge: null, analyzeOn: 'save' };

const levels = new Set(['error', 'warning', 'info', 'off']);

export function sanitize(raw: unknown): ServerSettings {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rules: ServerSettings['rules'] = {};
  if (typeof s['rules'] === 'object' && s['rules'] !== null) {
    for (const [id, level] of Object.entries(s['rules'] as Record<string, unknown>)) {
      if (ruleById.has(id) && typeof level === 'string' && levels.has(level)) {
        rules[id] = level as ServerSettings['rules'][string];
      }
    }
  }
  const max = s['retryAmplificationMax'];
  const age = s['rehearsalMaxAge'];
  return {
    rules,
    retryAmplificationMax: typeof max === 'number' && Number.isFinite(max) && max >= 1 ? max : null,
    rehearsalMaxAge: typeof age === 'string' && parseDuration(age).ok ? age : typeof age === 'number' && age > 0 ? `${age}d` : null,
    analyzeOn: s['analyzeOn'] === 'type' ? 'type' : 'save',
  };
}

/** Editor settings as the core's base settings (the map and its config file still override them). */
export function toBaseSettings(s: ServerSettings): Partial<Settings> {
  const out: Partial<Settings> = { rules: { ...s.rules } };
  if (s.retryAmplificationMax !== null) {
    out.retryAmplificationMax = s.retryAmplificationMax;
  }
  const age = s.rehearsalMaxAge !== null ? parseDuration(s.rehearsalMaxAge) : undefined;
  if (age?.ok) {
    out.rehearsalMaxAgeMs = age.value;
  }
  return out;
}

/**
 * Per-resource settings through workspace/configuration when the client supports it (cached until the
 * next didChangeConfiguration, as vscode-eslint does), otherwise the last pushed settings.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  private pushed: ServerSettings = defaultServerSettings;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
  ) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.pull) {
      return Promise.resolve(this.pushed);
    }
    let s = this.cache.get(uri);
    if (!s) {
      // A client that never answers must not stall analysis: defaults after a second.
      // (unref where there is one: Node's timers keep the process alive; a web worker's are numbers.)
      const timeout = new Promise<ServerSettings>((resolve) => {
        const timer: unknown = setTimeout(() => resolve(defaultServerSettings), 1000);
        (timer as { unref?: () => void }).unref?.();
      });
      s = Promise.race([
        this.connection.workspace
          .getConfiguration({ scopeUri: uri, section: 'incidentmap' })
          .then((raw: unknown) => sanitize(raw))
          .catch(() => defaultServerSettings),
        timeout,
      ]);
      this.cache.set(uri, s);
    }
    return s;
  }

  /** didChangeConfiguration: forget everything; keep pushed values for clients that cannot be asked. */
  changed(settings: unknown): void {
    this.cache.clear();
    const section = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)['incidentmap'] : undefined;
    if (section !== undefined) {
      this.pushed = sanitize(section);
    }
  }
}
