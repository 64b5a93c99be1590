// A minimal chat over the streaming API (the demo page and share links),
// until the <parley-chat> widget takes its place. It talks to an app
// (data-app: execute/stream, kept by session) or to one agent (data-agent:
// chat with stream: true, kept by conversation).
const root = document.getElementById('parley-chat');
const list = document.getElementById('parley-messages');
const form = document.getElementById('parley-form');
const input = document.getElementById('parley-input');
const key = root.dataset.key;
const target = root.dataset.agent
  ? {
      url: `/v1/agents/${encodeURIComponent(root.dataset.agent)}/chat`,
      threadField: 'conversation_id',
      storageKey: `parley-conversation:${root.dataset.agent}`,
      extra: { stream: true },
    }
  : {
      url: `/v1/apps/${encodeURIComponent(root.dataset.app)}/execute/stream`,
      threadField: 'session_id',
      storageKey: `parley-demo-session:${root.dataset.app}`,
      extra: {},
    };
let threadId = sessionStorage.getItem(target.storageKey);

function addMessage(role, text) {
  const item = document.createElement('li');
  item.className = role;
  item.textContent = text;
  list.append(item);
  return item;
}

async function send(message) {
  addMessage('user', message);
  const answer = addMessage('assistant', '');
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      message,
      ...target.extra,
      ...(threadId ? { [target.threadField]: threadId } : {}),
    }),
  });
  if (!response.ok) {
    const failure = await response.json().catch(() => ({ error: { message: response.statusText } }));
    if (failure.error?.code === 'not_found') {
      sessionStorage.removeItem(target.storageKey);
      threadId = null;
    }
    answer.className = 'error';
    answer.textContent = failure.error?.message ?? 'Something went wrong';
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf('\n\n');
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (!event || !data) continue;
      const payload = JSON.parse(data);
      if (event === 'start') {
        threadId = payload[target.threadField] ?? null;
        if (threadId) sessionStorage.setItem(target.storageKey, threadId);
      } else if (event === 'token') {
        if (answer.firstChild) answer.firstChild.textContent += payload.content;
        else answer.append(payload.content);
      } else if (event === 'citation') {
        const note = document.createElement('small');
        note.className = 'citation';
        note.textContent = `[${payload.id}] ${payload.document_name}, page ${payload.page_number}: “${payload.excerpt}”`;
        answer.append(note);
      } else if (event === 'error') {
        answer.className = 'error';
        answer.textContent += ` (${payload.error.message})`;
      }
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const message = input.value.trim();
  if (!message) return;
  input.value = '';
  send(message).catch((error) => addMessage('error', String(error)));
});
