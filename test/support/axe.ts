/** axe-core in a page: the launcher and the chat (shadow roots included), and its findings as text. */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string; html: string }[];
}

export interface AxeResults {
  violations: AxeViolation[];
  /** What axe could not decide alone ("needs review"): reported, not failed on. */
  incomplete: AxeViolation[];
}

/**
 * Runs axe-core on the launcher and the chat (shadow roots included), or on the elements `include`
 * names (e.g. `[['parley-console']]`; a page under a strict CSP needs a context with `bypassCSP`).
 */
export async function runAxe(
  page: Page,
  include: string[][] = [['parley-launcher'], ['parley-chat']],
): Promise<AxeResults> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } })
      .axe;
    const result = (await axe.run({ include }, { resultTypes: ['violations', 'incomplete'] })) as AxeResults;
    const summary = (violation: AxeViolation): AxeViolation => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target,
        html: node.html.slice(0, 200),
        ...(node.failureSummary ? { failureSummary: node.failureSummary } : {}),
      })),
    });
    return { violations: result.violations.map(summary), incomplete: result.incomplete.map(summary) };
  }, include);
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes
          .map((node) => `  ${JSON.stringify(node.target)} ${node.html}\n    ${node.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}
