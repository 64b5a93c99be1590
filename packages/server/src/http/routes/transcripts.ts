import type { Transcript } from '@parley/contract';
import * as schemas from '@parley/contract/schemas';
import type { Response } from 'express';
import { sendDownload } from '../downloads/send-download.js';
import { transcriptMarkdown } from '../downloads/transcript-markdown.js';
import { alreadyAnswered, defineRoute } from './define-route.js';

const tag = 'Transcripts';

const markdownDescription = {
  contentType: 'text/markdown',
  description: 'With `format=markdown`: the transcript as a Markdown file (an attachment)',
};

/** JSON, or with `format=markdown` a Markdown attachment. */
function answer(response: Response, transcript: Transcript, format: 'json' | 'markdown' | undefined) {
  if (format !== 'markdown') return transcript;
  sendDownload(
    response,
    'text/markdown; charset=utf-8',
    `${transcript.id}.md`,
    transcriptMarkdown(transcript),
  );
  return alreadyAnswered;
}

export const transcriptRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/transcripts',
    operationId: 'searchTranscripts',
    summary: 'Search sessions and agent conversations',
    description:
      'Sessions of every app and conversations of every agent whose messages hold `q` (any case), newest ' +
      'activity first, each with the newest matching message; without `q`, the newest. An id (`sess_…`, ' +
      '`conv_…`, `msg_…`) finds its thread. Reads at most the newest 5,000 messages: `complete` says whether ' +
      'it read them all.',
    tag,
    access: 'operator',
    query: schemas.transcriptSearchQuery,
    response: schemas.transcriptSearch,
    handle: async ({ engine, query }) => engine.transcripts.search(query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/sessions/:session_id/transcript',
    operationId: 'getSessionTranscript',
    summary: 'Read or export a session, live or ended',
    description:
      'Every message with its agent or author, status, citations, tools and rating, and the session facts ' +
      '(channel, user, metadata). `format=markdown` answers a Markdown file to save.',
    tag,
    access: 'operator',
    params: schemas.transcriptSessionPath,
    query: schemas.transcriptQuery,
    response: schemas.transcript,
    produces: markdownDescription,
    handle: async ({ engine, params, query, response }) =>
      answer(response, await engine.transcripts.session(params.app_id, params.session_id), query.format),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/agents/:id/conversations/:conversation_id/transcript',
    operationId: 'getConversationTranscript',
    summary: 'Read or export an agent conversation',
    description:
      'As the session transcript, for a conversation of the agent. `format=markdown` answers a Markdown file.',
    tag,
    access: 'operator',
    params: schemas.transcriptConversationPath,
    query: schemas.transcriptQuery,
    response: schemas.transcript,
    produces: markdownDescription,
    handle: async ({ engine, params, query, response }) =>
      answer(
        response,
        await engine.transcripts.conversation(params.id, params.conversation_id),
        query.format,
      ),
  }),
];
