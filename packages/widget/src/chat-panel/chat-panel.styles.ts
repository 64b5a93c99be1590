import composer from './styles/composer.styles.js';
import markdown from './styles/markdown.styles.js';
import messageExtras from './styles/message-extras.styles.js';
import messages from './styles/messages.styles.js';
import panel from './styles/panel.styles.js';
import theme from './styles/theme.styles.js';

/**
 * The panel's styles, one module per part, in cascade order (a later module
 * may refine an earlier one).
 */
export default [theme, panel, messages, markdown, messageExtras, composer];
