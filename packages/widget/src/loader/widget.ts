/**
 * `widget.js`, the one script tag a website adds. Small on purpose (no Lit):
 * it reads its `data-*` attributes, draws the launcher and defines
 * `window.Parley`; the chat itself loads on first use. A second copy of the
 * loader on the same page does nothing.
 */
import { createParley } from './host-api.js';
import { readScriptOptions } from './script-options.js';

const script = document.currentScript;
if (!window.Parley) {
  window.Parley = createParley(
    readScriptOptions(script instanceof HTMLScriptElement ? script : null),
    __PARLEY_VERSION__,
  );
}
