// The GitHub Pages workflow (.github/workflows/pages.yml) cannot run here, so this checks what it
// must get right to publish a working site: it builds with BASE_PATH set from configure-pages's
// base_path, uploads dist/ (the build's output) and deploys with actions/deploy-pages, with the
// permissions and concurrency group Pages requires. It also checks that the build turns both
// forms base_path takes ("/<repository>" and "" for the root) into the base Astro needs.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  environment?: { name: string; url?: string };
  steps: Step[];
}

const workflow = parse(readFileSync(new URL('../../.github/workflows/pages.yml', import.meta.url), 'utf8'));
const jobs: Record<string, Job> = workflow.jobs;
const allSteps = Object.values(jobs).flatMap((job) => job.steps);
/** The one step that uses an action (any version), by the action's name. */
const using = (action: string): Step => {
  const found = allSteps.filter((s) => s.uses?.split('@')[0] === action);
  expect(found, `steps using ${action}`).toHaveLength(1);
  return found[0];
};

describe('the GitHub Pages workflow', () => {
  it('runs on pushes to main and by hand, with the permissions and concurrency group Pages needs', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(workflow.concurrency.group).toBe('pages');
  });

  it('builds with Node 20 and the npm cache, with BASE_PATH from configure-pages', () => {
    const node = using('actions/setup-node');
    expect(String(node.with?.['node-version'])).toBe('20');
    expect(node.with?.cache).toBe('npm');

    const pages = using('actions/configure-pages');
    expect(pages.id).toBeTruthy();
    const builds = allSteps.filter((s) => /\bnpm run build\b/.test(s.run ?? ''));
    expect(builds).toHaveLength(1);
    const build = builds[0];
    expect(build.env?.BASE_PATH).toBe(`\${{ steps.${pages.id}.outputs.base_path }}`);
    // A step's outputs exist only for later steps of the same job.
    const job = Object.values(jobs).find((j) => j.steps.includes(build))!;
    expect(job.steps.indexOf(pages)).toBeGreaterThanOrEqual(0);
    expect(job.steps.indexOf(pages)).toBeLessThan(job.steps.indexOf(build));
    expect(job.steps.indexOf(using('actions/checkout'))).toBe(0);
  });

  it('uploads dist/ and deploys it with actions/deploy-pages in a job after the build', () => {
    expect(using('actions/upload-pages-artifact').with?.path).toBe('dist');
    const [name, deploy] = Object.entries(jobs).find(([, j]) => j.steps.includes(using('actions/deploy-pages')))!;
    const buildJob = Object.keys(jobs).find((k) => jobs[k].steps.includes(using('actions/upload-pages-artifact')))!;
    expect(name).not.toBe(buildJob);
    expect([deploy.needs].flat()).toContain(buildJob);
    expect(deploy.environment?.name).toBe('github-pages');
  });
});

describe('the build under configure-pages\'s base_path', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** astro.config.mjs as the build reads it with BASE_PATH set to `value`. */
  async function configWith(value: string) {
    vi.stubEnv('BASE_PATH', value);
    vi.resetModules();
    return (await import('../../astro.config.mjs')).default;
  }

  it('serves a project site under /<repository>/ and a user site at the root, into dist/', async () => {
    const project = await configWith('/my-course');
    expect(project.base).toBe('/my-course/');
    // The artifact the workflow uploads is the build's default output folder.
    expect(project.outDir ?? './dist').toMatch(/^(\.\/)?dist\/?$/);
    expect((await configWith('')).base).toBe('/');
  });
});
