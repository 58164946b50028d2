import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Everything the CLI touches outside itself. Tests pass an in-memory implementation; `bin.ts` uses the
 * process's streams and the real file system.
 */
export interface CliIO {
  /** Writes text to standard output (the caller adds newlines). */
  out(text: string): void;
  /** Writes text to standard error. */
  err(text: string): void;
  readFile(file: string): Promise<string>;
  /** True when the path exists (any kind of file). */
  exists(file: string): Promise<boolean>;
  /** Writes a file, creating its directory when missing. */
  writeFile(file: string, data: string): Promise<void>;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
}

export function nodeIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readFile: (f) => readFile(f, 'utf8'),
    exists: fileExists,
    writeFile: async (f, data) => {
      await mkdir(path.dirname(f), { recursive: true });
      await writeFile(f, data, 'utf8');
    },
    cwd: process.cwd(),
  };
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
