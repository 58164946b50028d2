/**
 * Worker side of AnalyzePool: one FaceMeshV2Detector per worker, loaded once. Runs either as a forked child
 * process (the default: measured faster on 2 cores, see pool.ts) or as a worker thread.
 */
import { parentPort } from 'node:worker_threads';
import { analyzePhoto } from './analyze.js';
import { FaceMeshV2Detector } from './detector-v2.js';
import { toErrorInfo } from './errors.js';
import { boundImageMemory } from './memory.js';
import type { PoolMessage, PoolRequest } from './pool.js';

// One libvips thread per operation, no operation cache: the pool already runs one photo per core, libvips'
// own threads would only compete with the other worker's detector, and the cache only holds memory.
boundImageMemory();

type Send = (m: PoolMessage) => void;
type OnMessage = (handler: (req: PoolRequest) => void) => void;

function channel(): { send: Send; onMessage: OnMessage } {
  const port = parentPort;
  if (port) {
    return {
      send: (m) => {
        port.postMessage(m);
      },
      onMessage: (h) => port.on('message', h),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('pool-worker must run in a worker thread or a forked process');
  return {
    send: (m) => {
      send(m);
    },
    onMessage: (h) =>
      process.on('message', (m: PoolRequest) => {
        h(m);
      }),
  };
}

const { send, onMessage } = channel();

try {
  const detector = await FaceMeshV2Detector.create();
  onMessage((req) => {
    void (async () => {
      const input = typeof req.input === 'string' ? req.input : Buffer.from(req.input);
      const result = await analyzePhoto(input, { ...req.options, detector });
      send({ type: 'result', id: req.id, result });
    })();
  });
  send({ type: 'ready' });
} catch (e) {
  send({ type: 'init-error', error: toErrorInfo(e) });
}
