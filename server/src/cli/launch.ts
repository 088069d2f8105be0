// `incidentmap` as installed (dist/cli.js): loads the CLI bundle (dist/cli-main.js) with V8's code
// cache. Compiling the bundle is a large share of checking the samples (it was about 120 of 400 ms
// while it held elkjs, which now ships beside it as dist/elk.js); with the cache it is a few ms.
// Node 22.1+ caches natively (module.enableCompileCache); on Node 20 this file does the same with vm.Script's cachedData, as v8-compile-cache did.
//
// The cache lives in the user's own cache folder, never a shared temporary one: V8 trusts code cache
// it is given, so a file another user could write would be a way to run code as this user.
// INCIDENTMAP_COMPILE_CACHE=0 turns it off; any failure to read or write it only costs the speed-up.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'cli-main.js');

function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  if (env['INCIDENTMAP_COMPILE_CACHE'] === '0') {
    return undefined;
  }
  const base = env['INCIDENTMAP_CACHE_DIR'] ?? (process.platform === 'win32' ? env['LOCALAPPDATA'] : env['XDG_CACHE_HOME']) ?? join(homedir(), '.cache');
  return base ? join(base, 'incidentmap') : undefined;
}

/** The bundle's identity for its cache file: SHA-256 of its text (about 2 ms for the bundle). */
export function cacheKey(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 32);
}

type NodeModule = typeof Module & {
  enableCompileCache?(dir: string): unknown;
  wrap(source: string): string;
};

function load(): void {
  const folder = cacheFolder(process.env);
  const M = Module as NodeModule;
  if (folder === undefined || typeof M.enableCompileCache === 'function') {
    if (folder !== undefined) {
      M.enableCompileCache!(folder);
    }
    require(bundle);
    return;
  }
  let source: string;
  let cacheFile: string;
  try {
    source = readFileSync(bundle, 'utf8');
    // V8 checks its version and flags, not the source: the bundle's identity goes in the name, as a
    // hash of its content. Size and time were not enough: npm installs every file with the same 1985
    // mtime, so another build of the same size ran this build's cached code.
    cacheFile = join(folder, `cli-${process.version}-${cacheKey(source)}.v8cache`);
  } catch {
    require(bundle);
    return;
  }
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new Script(M.wrap(source.replace(/^#!.*/, '')), { filename: bundle, cachedData: cached });
  if (cached === undefined || script.cachedDataRejected === true) {
    // At exit the cache also holds the functions this run compiled lazily, so the next run skips them too.
    process.once('exit', () => {
      try {
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, cacheFile);
        // Caches of earlier builds or Node versions are never read again; a week's grace keeps two
        // installed versions (a global and a project one) from deleting each other's on every run.
        const stale = Date.now() - 7 * 24 * 3600 * 1000;
        for (const name of readdirSync(folder)) {
          const other = join(folder, name);
          if (name.startsWith('cli-') && name.endsWith('.v8cache') && other !== cacheFile && statSync(other).mtimeMs < stale) {
            rmSync(other, { force: true });
          }
        }
      } catch {
        // A read-only home or a full disk: the CLI works the same, only slower to start.
      }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
}

load();
