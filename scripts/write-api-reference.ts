import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderApiReference } from './api-reference.js';

const target = path.resolve(import.meta.dirname, '../docs/api.md');
writeFileSync(target, renderApiReference());
process.stdout.write(`wrote ${target}\n`);
