/**
 * The cost of rendering a greeting or prompt with a visitor's metadata: the demo greeting rendered
 * with 16 KiB of `{` (closed by `}}`) as the visitor's name (the attack of issue 9) and with 16 KiB
 * of plain letters, in microseconds per render. Linear rendering costs the same for both. Also a
 * template of 60 KiB full of braces (what packages/engine/src/util/template.test.ts renders).
 *
 *   npx tsx bench/template-render.ts [renders]
 */
import { performance } from 'node:perf_hooks';
import { renderTemplate } from '@parley/engine';
import { rounded, summarize } from './stats.js';

const renders = Number(process.argv[2] ?? 2_000);
const greeting = 'Hi {{memory.sessionMeta.metadata.userProfile.name}} — I am the Acme demo assistant.';

function measure(name: string, template = greeting): ReturnType<typeof summarize> {
  const context = { memory: { sessionMeta: { metadata: { userProfile: { name } } } } };
  for (let index = 0; index < 200; index += 1) renderTemplate(template, context);
  const samples: number[] = [];
  for (let index = 0; index < renders; index += 1) {
    const started = performance.now();
    renderTemplate(template, context);
    samples.push((performance.now() - started) * 1000);
  }
  return summarize(samples);
}

const braces = measure(`${'{'.repeat(16_384)}}}`);
const letters = measure('a'.repeat(16_384));
const bracesTemplate = measure('John', `${'{{'.repeat(20_000)}x${'}'.repeat(3)}${'{{a}'.repeat(10_000)}`);
console.log(
  JSON.stringify({
    renders,
    microsecondsPerRender: {
      braces: rounded(braces, 2),
      letters: rounded(letters, 2),
      templateFullOfBraces: rounded(bracesTemplate, 2),
    },
    ratioOfMeans: Number((braces.mean / letters.mean).toFixed(2)),
  }),
);
