import type { Transcript, TranscriptMessage } from '@parley/contract';

const roleNames: Record<TranscriptMessage['role'], string> = {
  user: 'Visitor',
  assistant: 'Assistant',
  human_agent: 'Person',
};

function speaker(message: TranscriptMessage): string {
  if (message.role === 'assistant' && message.agent) return `${roleNames.assistant} (${message.agent})`;
  if (message.role === 'human_agent' && message.author) return `${roleNames.human_agent} (${message.author})`;
  return roleNames[message.role];
}

/** Text on one line, for a list item or a heading. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function messageSection(message: TranscriptMessage): string[] {
  const lines = [
    `### ${speaker(message)} · ${message.created_at}`,
    '',
    message.content.trim() || '_(empty)_',
    '',
  ];
  if (message.status === 'incomplete') lines.push(`_Incomplete: ${message.error ?? 'cut short'}_`, '');
  if (message.tools_used.length > 0) lines.push(`Tools: ${message.tools_used.join(', ')}`, '');
  if (message.citations.length > 0) {
    lines.push('Sources:', '');
    for (const citation of message.citations) {
      const section = citation.section ? `, ${oneLine(citation.section)}` : '';
      lines.push(
        `- [${citation.id}] ${oneLine(citation.document_name)}, page ${citation.page_number}${section}: ` +
          `“${oneLine(citation.excerpt)}”`,
      );
    }
    lines.push('');
  }
  if (message.feedback) {
    const comment = message.feedback.comment ? `: ${oneLine(message.feedback.comment)}` : '';
    lines.push(`Rated ${message.feedback.rating === 'up' ? '👍' : '👎'}${comment}`, '');
  }
  return lines;
}

/** A transcript as a Markdown document: who, when, every message with its tools, sources and rating. */
export function transcriptMarkdown(transcript: Transcript): string {
  const title = transcript.type === 'session' ? 'Session' : 'Conversation';
  const facts = [
    transcript.app_id ? `- App: ${oneLine(transcript.app_name ?? '')} (${transcript.app_id})` : null,
    transcript.agent_id ? `- Agent: ${oneLine(transcript.agent_name ?? '')} (${transcript.agent_id})` : null,
    transcript.channel ? `- Channel: ${transcript.channel}` : null,
    transcript.user_id ? `- User: ${oneLine(transcript.user_id)}` : null,
    `- Status: ${transcript.status}${transcript.escalated ? ', escalated' : ''}`,
    `- Started: ${transcript.created_at}`,
    `- Last activity: ${transcript.updated_at}`,
    `- Messages: ${transcript.messages.length}`,
  ].filter((line): line is string => line !== null);
  const lines = [`# ${title} ${transcript.id}`, '', ...facts, ''];
  for (const message of transcript.messages) lines.push(...messageSection(message));
  return `${lines.join('\n').trimEnd()}\n`;
}
