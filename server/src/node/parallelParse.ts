// Parsing is most of what a check of a large map costs: yaml parses about 1-2 MB/s here, 4 s of the
// 6.7 s that `incidentmap check` took on 10,000 components. Chunks (one component block each) parse
// independently, so a front end with threads parses a share of them in workers while the main thread
// parses its own, and fills the FileCache; the analysis then finds every chunk parsed. The cache entries
// are the ones loadChunked would have made (parseChunks is the same code), so the findings are the same
// with one thread or several. A worker that fails only leaves its chunks to be parsed on the main thread.
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { chunkedFrom, chunkKey, chunksToParse, defaultLimits, parseChunks, type Chunk, type ChunkResult, type FileCache, type InputLimits } from '../core/index';
import { decodeChunks, encodeChunks, type WireChunks } from './chunkTransfer';

export const parseWorkerRole = 'incidentmap-parse';

interface ParseRequest {
  chunks: { uri: string; chunk: Chunk }[];
  limits: InputLimits;
}
type Parsed = { uri: string; entries: [string, ChunkResult | null][] }[];
type ParseReply = { uri: string; wire: WireChunks }[];

export interface PrimeOptions {
  /** The script that runs runParseWorker in a worker thread. */
  script: string;
  /** Threads in all, the main thread included (default: the machine's cores, at most 4). */
  threads?: number;
  /** Below this many characters of chunks to parse, starting a worker costs more than it saves. */
  minChars?: number;
  limits?: InputLimits;
}

/**
 * Parses the chunks of `files` that `cache` does not hold yet on several threads into `cache`.
 * Resolves, once every share is in, to the number of chunks that workers parsed.
 */
export async function primeChunkCache(cache: FileCache, files: readonly { uri: string; text: string }[], options: PrimeOptions): Promise<number> {
  const limits = options.limits ?? defaultLimits;
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), 4));
  const minChars = options.minChars ?? 1_000_000;
  if (threads < 2 || files.reduce((sum, f) => sum + f.text.length, 0) < minChars) {
    return 0;
  }
  const work: { uri: string; chunk: Chunk }[] = [];
  let chars = 0;
  for (const { uri, text } of files) {
    const cached = cache.chunks.get(uri);
    for (const chunk of chunksToParse(text, limits, chunkedFrom) ?? []) {
      if (!cached?.has(chunkKey(chunk))) {
        work.push({ uri, chunk });
        chars += chunk.text.length;
      }
    }
  }
  if (chars < minChars) {
    return 0;
  }
  // Contiguous shares of about equal size: neighbouring chunks often share a section.
  const shares: { uri: string; chunk: Chunk }[][] = [[]];
  let filled = 0;
  for (const item of work) {
    if (filled >= (chars * shares.length) / threads && shares.length < threads) {
      shares.push([]);
    }
    shares[shares.length - 1]!.push(item);
    filled += item.chunk.text.length;
  }
  const [mine, ...theirs] = shares;
  const replies = theirs.map((share) => inWorker(options.script, { chunks: share, limits }));
  store(cache, parseShare({ chunks: mine!, limits }));
  let elsewhere = 0;
  for (const reply of await Promise.all(replies)) {
    const parsed = reply.map(({ uri, wire }) => ({ uri, entries: decodeChunks(wire) }));
    store(cache, parsed);
    elsewhere += parsed.reduce((sum, p) => sum + p.entries.length, 0);
  }
  return elsewhere;
}

function store(cache: FileCache, reply: Parsed): void {
  for (const { uri, entries } of reply) {
    const chunks = cache.chunkCache(uri);
    for (const [key, result] of entries) {
      chunks.set(key, result);
    }
  }
}

function parseShare(request: ParseRequest): Parsed {
  const byUri = new Map<string, Chunk[]>();
  for (const { uri, chunk } of request.chunks) {
    const list = byUri.get(uri) ?? [];
    list.push(chunk);
    byUri.set(uri, list);
  }
  return [...byUri].map(([uri, chunks]) => ({ uri, entries: parseChunks(chunks, request.limits) }));
}

/** One share in a worker; an empty reply if the worker cannot start, fails or exits early. */
function inWorker(script: string, request: ParseRequest): Promise<ParseReply> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { role: parseWorkerRole } });
    } catch {
      resolve([]);
      return;
    }
    worker.once('message', (reply: ParseReply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', () => resolve([]));
    worker.once('exit', () => resolve([]));
    worker.postMessage(request);
  });
}

/** Inside the worker: parse one share, reply, and let the thread end. */
export function runParseWorker(port: MessagePort): void {
  port.once('message', (request: ParseRequest) => {
    const reply: ParseReply = parseShare(request).map(({ uri, entries }) => ({ uri, wire: encodeChunks(entries) }));
    port.postMessage(reply, reply.map((r) => r.wire.ints.buffer as ArrayBuffer));
  });
}
