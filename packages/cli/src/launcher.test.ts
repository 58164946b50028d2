import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION } from './main.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const binOf = (pkgJson: string): string => {
  const parsed: unknown = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const bin =
    typeof parsed === 'object' && parsed !== null && 'bin' in parsed
      ? (parsed.bin as Record<string, unknown>)
      : {};
  const target = bin['liftplan'];
  if (typeof target !== 'string') throw new Error(`${pkgJson} has no bin.liftplan`);
  return path.resolve(path.dirname(pkgJson), target);
};

describe('the liftplan command on the PATH', () => {
  it('is the bin of the root package and of @liftplan/cli, one executable launcher', () => {
    const root = binOf(path.join(repoRoot, 'package.json'));
    const cli = binOf(path.join(repoRoot, 'packages/cli/package.json'));
    expect(root).toBe(cli);
    expect(() => {
      accessSync(root, constants.X_OK);
    }).not.toThrow();
    expect(readFileSync(root, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs the CLI through the launcher', () => {
    const r = spawnSync(process.execPath, [binOf(path.join(repoRoot, 'package.json')), '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: liftplan');
    expect(r.stdout).toContain('validate');
  }, 180_000);

  it('`npx liftplan` from the repository root runs it', () => {
    const r = spawnSync('npx', ['--offline', '--no-install', 'liftplan', '--version'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    expect(r.stderr).not.toContain('could not determine executable');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(CLI_VERSION);
  }, 180_000);
});
