import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileExists, type CliIO } from './io.js';

export interface MemoryIO extends CliIO {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** An io whose standard streams are collected in memory; files are real (paths resolve against `cwd`). */
export function memoryIO(cwd: string): MemoryIO {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: (f) => readFile(f, 'utf8'),
    exists: fileExists,
    writeFile: async (f, data) => {
      await mkdir(path.dirname(f), { recursive: true });
      await writeFile(f, data, 'utf8');
    },
    cwd,
    stdout: () => out,
    stderr: () => err,
  };
}
