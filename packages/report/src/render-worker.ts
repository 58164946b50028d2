/** Worker side of RenderPool: one `renderReport` at a time, PDF bytes transferred back. */
import { parentPort } from 'node:worker_threads';
import { renderReport } from './render.js';
import type { RenderReply, RenderRequest } from './render-pool.js';

const port = parentPort;
if (!port) throw new Error('render-worker runs in a worker thread (see RenderPool)');
const send = (m: RenderReply, transfer: ArrayBuffer[] = []): void => {
  port.postMessage(m, transfer);
};

port.on('message', (req: RenderRequest) => {
  void (async () => {
    try {
      const { pdf } = await renderReport(req.input, req.kind, req.locale, req.options);
      // Copy only when the PDF shares its ArrayBuffer (a pooled Buffer); otherwise hand it over.
      const bytes =
        pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : new Uint8Array(pdf);
      send({ type: 'done', id: req.id, pdf: bytes }, [bytes.buffer as ArrayBuffer]);
    } catch (e) {
      send({ type: 'failed', id: req.id, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
send({ type: 'ready' });
