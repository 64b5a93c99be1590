/**
 * The TypeScript SDK as users get it: packed by `npm pack` and by `pnpm pack` (each builds it first,
 * through `prepack`), installed from the tarball into a fresh project with `npm install`, then the
 * reference document's JavaScript example run against a real Parley with ESM and with `require`, and
 * a file using it compiled by `tsc --strict`, as ESM and as CommonJS.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAiTestServer } from './support/openai-server.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const run = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '..');
const sdkDirectory = path.join(repositoryRoot, 'packages/sdk');
const tsc = path.join(repositoryRoot, 'node_modules/typescript/bin/tsc');
const minutes = 60_000;

/** The reference document's example; only the import, the key and the base URL are ours. */
const exampleBody = `
const client = new AgentPlatform({
  apiKey: process.env.PARLEY_API_KEY,
  baseUrl: process.env.PARLEY_BASE_URL,
});

const response = await client.execute({
  appId: process.env.PARLEY_APP_ID,
  message: "What's my order status?",
  sessionId: process.env.PARLEY_SESSION_ID,
});

console.log(response.response);
`;

const esmExample = `import { AgentPlatform } from '@parley/sdk';\n${exampleBody}`;
const requireExample = `const { AgentPlatform } = require('@parley/sdk');\n(async () => {${exampleBody}})();\n`;

/** Uses the types: `@ts-expect-error` fails the compile if they were `any`. */
const typedUse = `
const client = new AgentPlatform({ apiKey: 'sk_test', baseUrl: 'http://127.0.0.1:3000' });
export async function ask(): Promise<string> {
  const response: ExecuteResponse = await client.execute({ appId: 'app_1', message: 'Hi', sessionId: 'sess_1' });
  return response.response;
}
export const isApiError = (error: unknown): boolean => error instanceof ParleyApiError;
// @ts-expect-error appId is required
void client.execute({ message: 'Hi' });
`;

const strictConfig = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2023',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: [],
    skipLibCheck: false,
  },
  files: ['use.mts', 'use.cts'],
};

let parley: ParleyHarness;
let model: OpenAiTestServer;
let work: string;
const tarballs: Record<'npm' | 'pnpm', string> = { npm: '', pnpm: '' };
let example: Record<string, string>;

/** Packs from a removed dist/, so the tarball holds only what the packer's own `prepack` built. */
async function pack(packer: 'npm' | 'pnpm'): Promise<string> {
  rmSync(path.join(sdkDirectory, 'dist'), { recursive: true, force: true });
  const destination = path.join(work, `${packer}-pack`);
  mkdirSync(destination);
  const [command, args] = packer === 'npm' ? ['npm', ['pack']] : ['npx', ['--yes', 'pnpm@10.34.8', 'pack']];
  await run(command, [...args, '--pack-destination', destination], { cwd: sdkDirectory });
  const [file] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (!file) throw new Error(`${packer} pack made no tarball`);
  return path.join(destination, file);
}

async function listing(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  return stdout.split('\n').filter(Boolean).sort();
}

async function packedManifest(tarball: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** A fresh project with nothing but the tarball installed. */
async function projectWith(tarball: string, name: string): Promise<string> {
  const project = path.join(work, name);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name, private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project });
  return project;
}

async function runExample(project: string, file: string, source: string, answer: string): Promise<string> {
  writeFileSync(path.join(project, file), source);
  model.enqueue({ content: answer });
  const { stdout } = await run(process.execPath, [file], {
    cwd: project,
    env: { ...process.env, ...example },
  });
  return stdout.trim();
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'parley-sdk-package-'));
  parley = await startParleyHarness();
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
  const agent = (await (await parley.request('POST', '/v1/agents', { name: 'Orders' })).json()) as {
    id: string;
  };
  const app = (await (
    await parley.request('POST', '/v1/apps', { name: 'Shop', agents: [agent.id] })
  ).json()) as {
    id: string;
  };
  const session = (await (await parley.request('POST', `/v1/apps/${app.id}/sessions`, {})).json()) as {
    session_id: string;
  };
  example = {
    PARLEY_API_KEY: parley.adminKey,
    PARLEY_BASE_URL: parley.url,
    PARLEY_APP_ID: app.id,
    PARLEY_SESSION_ID: session.session_id,
  };
  tarballs.pnpm = await pack('pnpm');
  tarballs.npm = await pack('npm');
}, 10 * minutes);

afterAll(async () => {
  await parley?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(['npm', 'pnpm'] as const)('the SDK packed by %s', (packer) => {
  let project: string;

  beforeAll(async () => {
    project = await projectWith(tarballs[packer], `${packer}-project`);
  }, 5 * minutes);

  it('holds the build, its declarations and the license, and no sources', async () => {
    const files = await listing(tarballs[packer]);
    expect(files).toEqual(
      expect.arrayContaining([
        'package/LICENSE',
        'package/README.md',
        'package/package.json',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/index.d.cts',
        'package/dist/cjs/index.js',
        'package/dist/cjs/package.json',
      ]),
    );
    expect(files.filter((file) => file.startsWith('package/src/') || file.endsWith('.test.js'))).toEqual([]);
    const manifest = await packedManifest(tarballs[packer]);
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toMatchObject({ type: 'git', directory: 'packages/sdk' });
    expect(manifest.dependencies).toEqual({ 'eventsource-parser': '3.1.1' });
    // One declaration file that names no workspace package (the contract's types are inlined).
    const { stdout: declarations } = await run('tar', ['-xzOf', tarballs[packer], 'package/dist/index.d.ts']);
    expect(declarations).toContain('declare class AgentPlatform');
    expect(declarations).not.toMatch(/from ['"]@parley\//);
    expect(declarations).not.toMatch(/from ['"]\./);
  });

  it("runs the reference document's example with ESM", async () => {
    const answer = `Your order shipped yesterday (${packer}, ESM).`;
    expect(await runExample(project, 'example.mjs', esmExample, answer)).toBe(answer);
  });

  it("runs the reference document's example with require", async () => {
    const answer = `Your order shipped yesterday (${packer}, require).`;
    expect(await runExample(project, 'example.cjs', requireExample, answer)).toBe(answer);
  });

  it(
    'compiles a file using it with tsc --strict, as ESM and as CommonJS',
    async () => {
      writeFileSync(
        path.join(project, 'use.mts'),
        `import { AgentPlatform, type ExecuteResponse, ParleyApiError } from '@parley/sdk';\n${typedUse}`,
      );
      writeFileSync(
        path.join(project, 'use.cts'),
        `import { AgentPlatform, type ExecuteResponse, ParleyApiError } from '@parley/sdk';\n${typedUse}`,
      );
      writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(strictConfig));
      const compiled = await run(process.execPath, [tsc, '-p', project], { cwd: project }).then(
        () => 'compiled',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(compiled).toBe('compiled');
    },
    2 * minutes,
  );
});
