#!/usr/bin/env node
import { main } from './main.js';

// `liftplan plan x.json --json | head`: the reader went away; stop quietly instead of an EPIPE stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
