// Each file read once per run: a Host wrapper the CLI commands and the MCP server share.
import type { Host, HostReadResult } from '../core/index';

/**
 * A run sees each file as it was when first read: commands check a map is readable, analyse it,
 * then quote it in code frames, and neither a second read's cost nor a file changing in between
 * should show in one report.
 */
export function readOnce(host: Host): Host {
  const reads = new Map<string, HostReadResult>();
  return {
    readFile(uri) {
      let r = reads.get(uri);
      if (r === undefined) {
        r = host.readFile(uri);
        reads.set(uri, r);
      }
      return r;
    },
    realPath: host.realPath?.bind(host),
  };
}
