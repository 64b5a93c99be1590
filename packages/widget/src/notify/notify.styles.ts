/**
 * The reply preview's styles, a plain string (the notifier has no Lit), tagged like the chat's so that
 * the build writes them without comments or indentation (scripts/vite/minify-component-styles.ts).
 */
const css = String.raw;

export default css`
:host {
  position: fixed;
  z-index: 2147482999;
  bottom: 88px;
  right: 20px;
  max-width: min(300px, calc(100vw - 40px));
}
:host([data-position='left']) {
  right: auto;
  left: 20px;
}
div {
  padding: 10px 14px;
  border-radius: 12px;
  background: #fff;
  color: #1d2433;
  box-shadow: 0 6px 20px rgb(16 24 40 / 0.25);
  font: 14px/1.4 system-ui, sans-serif;
  cursor: pointer;
  overflow-wrap: anywhere;
  animation: rise 0.2s ease-out;
}
div[hidden] {
  display: none;
}
strong {
  display: block;
  margin-bottom: 2px;
}
p {
  margin: 0;
}
@keyframes rise {
  from {
    opacity: 0;
    transform: translateY(8px);
  }
}
@media (prefers-reduced-motion: reduce) {
  div {
    animation: none;
  }
}
`;
