// Loaded with `node --import` (through NODE_OPTIONS): writes the URL of every
// module the process loads through the ES module loader to the file named by
// PARLEY_TEST_LOADED_MODULES, one a line.
import { register } from 'node:module';

register(new URL('./record-loaded-modules-hooks.mjs', import.meta.url), {
  data: { file: process.env.PARLEY_TEST_LOADED_MODULES },
});
