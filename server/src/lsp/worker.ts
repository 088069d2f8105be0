// The analysis worker. The same bundle (dist/server.js) runs as the server on the main thread and as
// this worker in a worker thread, so nothing else has to ship. Messages are handled in order, which
// keeps the worker's mirror of the open documents exactly as the main thread sent it before each job.
//
// A worker that dies (out of memory under its resource limits, or killed after a job overran its
// deadline) fails only the job it was running: the next job starts a fresh worker.
import { Worker, parentPort, type MessagePort } from 'node:worker_threads';
import type { AnalysisJob, AnalysisOutput, AnalysisScheduler, EarlyFindings } from './scheduler';
import { OverlayHost } from './scheduler';
import { nodeDisk } from './nodePlatform';
import { decodeList, encodeList, ModelDecoder, ModelEncoder, Slicer, type WireModel } from './modelTransfer';
import type { Finding } from '../core/index';
import type { SceneScenario } from '../core/graph/scene';

export const workerRole = 'incidentmap-analysis';

type ToWorker =
  | { type: 'set'; uri: string; text: string }
  | { type: 'delete'; uri: string }
  | { type: 'run'; id: number; job: AnalysisJob }
  | { type: 'scenes'; id: number; entry: string; graphKey: string };

type WireOutput = Omit<AnalysisOutput, 'model' | 'findings'> & { model: WireModel };
// A finished analysis sends its findings first, and then its model: the editor shows the findings,
// and encoding and receiving a large model takes a few hundred ms more.
type FromWorker =
  | { type: 'findings'; id: number; entry: string; files: string[]; findings: Uint8Array[] }
  | { type: 'done'; id: number; output: WireOutput }
  | { type: 'failed'; id: number; message: string }
  | { type: 'scenes'; id: number; scenes?: SceneScenario[]; message?: string };

/** Entry point inside the worker thread. */
export function runWorker(port: MessagePort | null = parentPort): void {
  if (!port) {
    return;
  }
  const host = new OverlayHost(nodeDisk());
  const encoder = new ModelEncoder();
  port.on('message', (msg: ToWorker) => {
    switch (msg.type) {
      case 'set':
        host.overlay.set(msg.uri, msg.text);
        break;
      case 'delete':
        host.overlay.delete(msg.uri);
        break;
      case 'run': {
        let reply: FromWorker;
        try {
          const { findings, model, ...output } = host.analyze(msg.job);
          port.postMessage({ type: 'findings', id: msg.id, entry: output.entry, files: output.files, findings: encodeList(findings) } satisfies FromWorker);
          reply = { type: 'done', id: msg.id, output: { ...output, model: encoder.encode(model) } };
        } catch (e) {
          reply = { type: 'failed', id: msg.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
        }
        port.postMessage(reply);
        break;
      }
      case 'scenes': {
        // The send inside the try: a reply that cannot be cloned must fail this request, not the worker.
        try {
          port.postMessage({ type: 'scenes', id: msg.id, scenes: host.scenes(msg.entry, msg.graphKey) } satisfies FromWorker);
        } catch (e) {
          port.postMessage({ type: 'scenes', id: msg.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromWorker);
        }
        break;
      }
    }
  });
}

export interface WorkerOptions {
  /** The script that runs `runWorker` when started as a worker (the server bundle itself). */
  script: string;
  /** A job that runs longer is abandoned and the worker replaced. */
  deadlineMs: number;
  /** Heap limit of the worker: a hostile map exhausts the worker, not the server. */
  maxHeapMb: number;
  log: (message: string) => void;
}

export class WorkerScheduler implements AnalysisScheduler {
  private worker: Worker | undefined;
  /** The main thread's copy, re-sent to a replacement worker. */
  private readonly overlay = new Map<string, string>();
  private nextId = 1;
  private pending:
    | {
        id: number;
        resolve: (o: AnalysisOutput) => void;
        reject: (e: Error) => void;
        timer: NodeJS.Timeout;
        onFindings?: (early: EarlyFindings) => void;
        /** Received ahead of the model. */
        findings?: Finding[];
      }
    | undefined;

  /** scenes() requests in flight: answered in order by the worker, between or after its runs. */
  private readonly sceneRequests = new Map<number, { worker: Worker; resolve: (s: SceneScenario[] | undefined) => void }>();

  constructor(private readonly options: WorkerOptions) {}

  scenes(entry: string, graphKey: string): Promise<SceneScenario[] | undefined> {
    const worker = this.worker;
    if (!worker) {
      return Promise.resolve(undefined); // a new worker keeps no graph
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.sceneRequests.set(id, { worker, resolve });
      worker.postMessage({ type: 'scenes', id, entry, graphKey } satisfies ToWorker);
    });
  }

  /** A worker that stopped answers no scenes: its requests get undefined (the caller computes them itself). */
  private dropScenes(worker: Worker): void {
    for (const [id, r] of this.sceneRequests) {
      if (r.worker === worker) {
        this.sceneRequests.delete(id);
        r.resolve(undefined);
      }
    }
  }

  setDocument(uri: string, text: string): void {
    this.overlay.set(uri, text);
    this.worker?.postMessage({ type: 'set', uri, text } satisfies ToWorker);
  }

  deleteDocument(uri: string): void {
    this.overlay.delete(uri);
    this.worker?.postMessage({ type: 'delete', uri } satisfies ToWorker);
  }

  run(job: AnalysisJob, onFindings?: (early: EarlyFindings) => void): Promise<AnalysisOutput> {
    if (this.pending) {
      return Promise.reject(new Error('the analysis worker is busy'));
    }
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<AnalysisOutput>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`Analysis of this map took longer than ${Math.round(this.options.deadlineMs / 1000)} s and was stopped.`));
        void this.worker?.terminate();
        this.worker = undefined;
      }, this.options.deadlineMs);
      this.pending = { id, resolve, reject, timer, onFindings };
      worker.postMessage({ type: 'run', id, job } satisfies ToWorker);
    });
  }

  warm(): void {
    this.ensureWorker();
  }

  dispose(): void {
    this.fail(new Error('the language server is shutting down'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const worker = new Worker(this.options.script, {
      workerData: { role: workerRole },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      stdout: true, // the server's stdout is the LSP channel: nothing else may write there
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.on('data', (chunk: Buffer) => this.options.log(`analysis worker: ${chunk.toString().trimEnd()}`));
    // A new worker starts a new encoder: references never cross workers. Replies are decoded one after
    // another, a time slice at a time (modelTransfer.ts says why).
    const decoder = new ModelDecoder();
    let receiving = Promise.resolve();
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'scenes') {
        const r = this.sceneRequests.get(msg.id);
        this.sceneRequests.delete(msg.id);
        if (msg.message) {
          this.options.log(`analysis worker: scenes failed: ${msg.message}`);
        }
        r?.resolve(msg.scenes);
        return;
      }
      if (this.pending?.id === msg.id) {
        clearTimeout(this.pending.timer); // the worker is done; decoding is ours
      }
      receiving = receiving.then(() => this.receive(worker, decoder, msg));
    });
    worker.on('error', (e) => {
      this.dropScenes(worker);
      if (this.worker === worker) {
        this.worker = undefined;
      }
      this.options.log(`analysis worker failed: ${e.stack ?? e.message}`);
      this.fail(new Error(`The analysis worker failed: ${e.message}`));
    });
    worker.on('exit', (code) => {
      this.dropScenes(worker);
      if (this.worker === worker) {
        this.worker = undefined;
        this.fail(new Error(`The analysis worker stopped (exit code ${code}).`));
      }
    });
    worker.unref();
    for (const [uri, text] of this.overlay) {
      worker.postMessage({ type: 'set', uri, text } satisfies ToWorker);
    }
    this.worker = worker;
    return worker;
  }

  private async receive(worker: Worker, decoder: ModelDecoder, msg: FromWorker): Promise<void> {
    if (msg.type === 'findings') {
      const findings = await decodeList<Finding>(msg.findings, new Slicer());
      const p = this.pending;
      if (p?.id === msg.id) {
        p.findings = findings;
        p.onFindings?.({ entry: msg.entry, files: msg.files, findings });
      }
      return;
    }
    let output: AnalysisOutput | undefined;
    let error: Error | undefined;
    if (msg.type === 'done') {
      try {
        // Every reply's model is decoded, ours or not: the decoder follows the worker's encoder.
        const model = await decoder.decode(msg.output.model, new Slicer());
        const findings = this.pending?.id === msg.id ? this.pending.findings : [];
        if (!findings) {
          throw new Error('the analysis worker sent a model without its findings');
        }
        output = { ...msg.output, model, findings };
      } catch (e) {
        // Out of step (a bug): start over with a fresh worker and a fresh decoder.
        error = e instanceof Error ? e : new Error(String(e));
        if (this.worker === worker) {
          this.worker = undefined;
        }
        void worker.terminate();
      }
    }
    const p = this.pending;
    if (!p || p.id !== msg.id) {
      return;
    }
    this.pending = undefined; // its timer stopped when the reply arrived
    if (output) {
      p.resolve(output);
    } else {
      p.reject(error ?? new Error(msg.type === 'failed' ? msg.message : 'the analysis worker sent no result'));
    }
  }

  private fail(e: Error): void {
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      clearTimeout(p.timer);
      p.reject(e);
    }
  }
}
