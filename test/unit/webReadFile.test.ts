// The web extension's half of the browser server's file gate (client/src/web/readFile.ts), over an
// in-memory file system shaped like vscode.workspace.fs: every refusal, and the size limit at and above.
import assert from 'node:assert/strict';
import { readWorkspaceFile, FileTypeBits, type WebFileSystem } from '../../client/src/web/readFile';
import { maxReadBytes } from '../../server/src/core/index';

const folder = 'vscode-vfs://github/acme/maps';

interface Entry {
  type: number;
  bytes?: Uint8Array;
  /** What stat says, when it differs from the bytes (a file that grew, or reports 0). */
  statSize?: number;
}

/** A file system over `entries`; records every call, so a refusal can be shown not to have read. */
function memoryFs(entries: Record<string, Entry>): WebFileSystem & { calls: string[] } {
  const calls: string[] = [];
  const missing = () => Object.assign(new Error('not found'), { code: 'FileNotFound' });
  return {
    calls,
    async stat(uri) {
      calls.push(`stat ${uri}`);
      const e = entries[uri];
      if (!e) {
        throw missing();
      }
      return { type: e.type, size: e.statSize ?? e.bytes?.byteLength ?? 0 };
    },
    async readFile(uri) {
      calls.push(`read ${uri}`);
      const e = entries[uri];
      if (!e?.bytes) {
        throw missing();
      }
      return e.bytes;
    },
  };
}

const text = (s: string) => ({ type: FileTypeBits.File, bytes: new TextEncoder().encode(s) });

describe('the web extension reading files for the browser language server', () => {
  it('reads a file inside the workspace folder and the root', async () => {
    const fs = memoryFs({ [`${folder}/team/a.incidentmap`]: text('incidentmap: 1\n') });
    assert.deepEqual(await readWorkspaceFile(`${folder}/team/a.incidentmap`, folder, { folders: [folder], fs }), { ok: true, text: 'incidentmap: 1\n' });
  });

  it('refuses a file outside every workspace folder without touching it', async () => {
    const fs = memoryFs({ 'vscode-vfs://github/acme/secrets/key.incidentmap': text('x') });
    const r = await readWorkspaceFile('vscode-vfs://github/acme/secrets/key.incidentmap', 'vscode-vfs://github/acme', { folders: [folder], fs });
    assert.deepEqual(r, { ok: false, reason: 'outside-root', detail: 'its path' });
    assert.deepEqual(fs.calls, []);
  });

  it('refuses a file in the workspace but outside the analysis root, and a sibling whose name only starts like the folder', async () => {
    const fs = memoryFs({ [`${folder}/b/x.incidentmap`]: text('x'), [`${folder}-evil/x.incidentmap`]: text('x') });
    assert.equal((await readWorkspaceFile(`${folder}/b/x.incidentmap`, `${folder}/a`, { folders: [folder], fs })).ok, false);
    assert.deepEqual(await readWorkspaceFile(`${folder}-evil/x.incidentmap`, folder, { folders: [folder], fs }), { ok: false, reason: 'outside-root', detail: 'its path' });
    assert.deepEqual(fs.calls, []);
  });

  it('refuses `..` and `.` segments, also percent-encoded, without touching the file', async () => {
    const fs = memoryFs({});
    for (const uri of [`${folder}/a/../../other/x.incidentmap`, `${folder}/a/%2E%2E/x.incidentmap`, `${folder}/./x.incidentmap`]) {
      assert.deepEqual(await readWorkspaceFile(uri, folder, { folders: [folder], fs }), { ok: false, reason: 'outside-root', detail: 'its path' }, uri);
    }
    assert.deepEqual(fs.calls, []);
  });

  it('refuses anything under .git (any case), where CI keeps its token, without touching it', async () => {
    const fs = memoryFs({ [`${folder}/.git/config`]: text('[http] extraheader = AUTHORIZATION: basic c2VjcmV0') });
    for (const uri of [`${folder}/.git/config`, `${folder}/sub/.GIT/x.incidentmap`, `${folder}/%2Egit/config`]) {
      assert.deepEqual(await readWorkspaceFile(uri, folder, { folders: [folder], fs }), { ok: false, reason: 'git-internal' }, uri);
    }
    assert.deepEqual(fs.calls, []);
  });

  it('refuses symbolic links (a browser cannot tell where they point) and folders, and reports a missing file', async () => {
    const fs = memoryFs({
      [`${folder}/link.incidentmap`]: { type: FileTypeBits.File | FileTypeBits.SymbolicLink, bytes: new TextEncoder().encode('secret') },
      [`${folder}/dir.incidentmap`]: { type: FileTypeBits.Directory },
      [`${folder}/odd`]: { type: 0 },
    });
    const read = (name: string) => readWorkspaceFile(`${folder}/${name}`, folder, { folders: [folder], fs });
    assert.deepEqual(await read('link.incidentmap'), { ok: false, reason: 'outside-root', detail: 'a symbolic link' });
    assert.deepEqual(await read('dir.incidentmap'), { ok: false, reason: 'is-directory' });
    assert.deepEqual(await read('odd'), { ok: false, reason: 'not-regular', detail: 'not a regular file' });
    assert.deepEqual(await read('gone.incidentmap'), { ok: false, reason: 'not-found' });
    assert.ok(!fs.calls.some((c) => c.startsWith('read')), `a refused file was read: ${fs.calls.join(', ')}`);
  });

  it('reads a file of exactly the limit and refuses one byte more, by stat and by the bytes read', async () => {
    const max = 64;
    const fs = memoryFs({
      [`${folder}/at.incidentmap`]: { type: FileTypeBits.File, bytes: new Uint8Array(max).fill(0x61) },
      [`${folder}/above.incidentmap`]: { type: FileTypeBits.File, bytes: new Uint8Array(max + 1).fill(0x61) },
      // stat says 0 (some file systems do), the content is over the limit
      [`${folder}/grew.incidentmap`]: { type: FileTypeBits.File, bytes: new Uint8Array(max + 1).fill(0x61), statSize: 0 },
    });
    const read = (name: string) => readWorkspaceFile(`${folder}/${name}`, folder, { folders: [folder], fs, maxBytes: max });
    assert.deepEqual(await read('at.incidentmap'), { ok: true, text: 'a'.repeat(64) });
    assert.deepEqual(await read('above.incidentmap'), { ok: false, reason: 'too-large', detail: '65 bytes' });
    assert.ok(!fs.calls.includes(`read ${folder}/above.incidentmap`), 'refused by stat before reading');
    assert.deepEqual(await read('grew.incidentmap'), { ok: false, reason: 'too-large', detail: 'more than 64 bytes' });
  });

  it("uses the Node file gate's limit by default: 8 MiB", async () => {
    assert.equal(maxReadBytes, 8 * 1024 * 1024);
    const fs = memoryFs({ [`${folder}/huge.incidentmap`]: { type: FileTypeBits.File, statSize: 8 * 1024 * 1024 + 1 } });
    assert.deepEqual(await readWorkspaceFile(`${folder}/huge.incidentmap`, folder, { folders: [folder], fs }), { ok: false, reason: 'too-large', detail: '8388609 bytes' });
  });

  it('decodes invalid UTF-8 to U+FFFD, as the Node gate does (the core reports not-text), and says why a read failed', async () => {
    const fs = memoryFs({ [`${folder}/bin.incidentmap`]: { type: FileTypeBits.File, bytes: new Uint8Array([0x61, 0xff, 0x62]) } });
    assert.deepEqual(await readWorkspaceFile(`${folder}/bin.incidentmap`, folder, { folders: [folder], fs }), { ok: true, text: 'a\uFFFDb' });
    const failing: WebFileSystem = {
      stat: async () => ({ type: FileTypeBits.File, size: 3 }),
      readFile: async () => {
        throw Object.assign(new Error('permission denied'), { code: 'NoPermissions' });
      },
    };
    assert.deepEqual(await readWorkspaceFile(`${folder}/x.incidentmap`, folder, { folders: [folder], fs: failing }), { ok: false, reason: 'unreadable', detail: 'permission denied' });
  });
});
