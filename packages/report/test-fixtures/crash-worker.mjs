// A stand-in render worker for RenderPool tests: dies on a clinic named "crash", hangs on none, else answers
// with a tiny fake PDF (the pool's plumbing is under test, not the renderer).
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (req) => {
  if (req.input.clinic.name === 'crash') process.exit(70);
  if (req.input.clinic.name === 'throw') {
    parentPort.postMessage({ type: 'failed', id: req.id, message: 'boom' });
    return;
  }
  const pdf = new TextEncoder().encode(
    `%PDF-fake ${req.kind} ${req.locale} ${(req.input.photos ?? []).length}`,
  );
  parentPort.postMessage({ type: 'done', id: req.id, pdf }, [pdf.buffer]);
});
parentPort.postMessage({ type: 'ready' });
