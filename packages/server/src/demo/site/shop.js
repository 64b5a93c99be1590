// The demo shop's own script: buttons that use the widget's host API (window.Parley).
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button') : null;
  if (!button || !window.Parley) return;
  if (button.dataset.ask) window.Parley.send(button.dataset.ask);
  else if (button.dataset.parley === 'open') window.Parley.open();
  else if (button.dataset.parley === 'reset') window.Parley.reset();
});
