import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli, USAGE } from './cli.ts';
import { kubeconfigYaml } from './kubeconfig.ts';

describe('parseCli', () => {
  it('reads serve options with defaults', () => {
    expect(parseCli(['serve'])).toEqual({
      command: 'serve',
      options: {
        port: 6443,
        host: '127.0.0.1',
        workers: 3,
        controlPlanes: 1,
        seed: 1,
        speed: 1,
        paused: false,
        kubeconfigOut: undefined,
      },
    });
    expect(
      parseCli([
        'serve',
        '--port',
        '0',
        '--workers',
        '5',
        '--seed',
        '42',
        '--speed',
        '10',
        '--paused',
        '--kubeconfig-out',
        'kc.yaml',
      ]),
    ).toEqual({
      command: 'serve',
      options: {
        port: 0,
        host: '127.0.0.1',
        workers: 5,
        controlPlanes: 1,
        seed: 42,
        speed: 10,
        paused: true,
        kubeconfigOut: 'kc.yaml',
      },
    });
  });

  it('answers help and reports bad input as values', () => {
    expect(parseCli([])).toEqual({ command: 'help' });
    expect(parseCli(['--help'])).toEqual({ command: 'help' });
    expect(parseCli(['serve', '-h'])).toEqual({ command: 'help' });
    expect(parseCli(['launch'])).toEqual({ command: 'error', message: 'unknown command "launch"' });
    expect(parseCli(['serve', '--port', '70000'])).toEqual({
      command: 'error',
      message: '--port must be an integer from 0 to 65535 (got "70000")',
    });
    expect(parseCli(['serve', '--speed', '1000'])).toEqual({
      command: 'error',
      message: '--speed must be a number from 0.25 to 100 (got "1000")',
    });
    expect(parseCli(['serve', '--nope']).command).toBe('error');
    expect(USAGE).toContain('--kubeconfig-out');
  });
});

describe('kubeconfigYaml', () => {
  it('points one context at the server without credentials', () => {
    const text = kubeconfigYaml('http://127.0.0.1:6443');
    expect(text).toContain('    server: http://127.0.0.1:6443\n');
    expect(text).toContain('current-context: k8s-explorer\n');
    expect(text).toContain('  user: {}\n');
  });
});

describe('bin/k8s-explorer.mjs serve', () => {
  it('starts on a free port without a build step, serves the API, and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-explorer-cli-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const bin = resolve(import.meta.dirname, '../../bin/k8s-explorer.mjs');
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--port', '0', '--workers', '1', '--kubeconfig-out', kubeconfig],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    try {
      const url = await new Promise<string>((found, failed) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = stdout.match(/serving the Kubernetes API on (http:\/\/127\.0\.0\.1:\d+)/);
          if (match) found(match[1]);
        });
        void exited.then(() => failed(new Error(`exited early: ${stdout}${stderr}`)));
      });
      expect(stdout).toContain('(1 control plane, 1 worker, seed 1)');
      expect(stdout).toContain(`export KUBECONFIG=${kubeconfig}`);
      expect(readFileSync(kubeconfig, 'utf8')).toContain(`server: ${url}\n`);
      const version = await (await fetch(`${url}/version`)).json();
      expect(version.gitVersion).toMatch(/^v1\.32\./);
      const clock = await (await fetch(`${url}/sim/v1/clock`)).json();
      expect(clock).toMatchObject({ playing: true, speed: 1 });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toContain('k8s-explorer: SIGINT, shutting down');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
