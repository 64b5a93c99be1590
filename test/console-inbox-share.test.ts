/**
 * Issue 11 acceptance, the inbox for the share page, in two browsers (real Chromium, real Socket.IO,
 * real server): a visitor on an agent's share page asks while a support agent watches the answer
 * stream in the console; the visitor asks for a person; the agent is notified, takes over, their
 * typing reaches the share page, their reply too; they hand back, and the model's next request holds
 * their reply.
 */
import { describe, expect, it } from 'vitest';
import { createOperator } from './support/console.js';
import {
  inbox,
  lastModelMessages,
  listItem,
  liveAnswer,
  openInbox,
  sendReply,
  takeOverAndReply,
  transcriptMessages,
} from './support/console-inbox.js';
import {
  answerQuestions,
  chat,
  messages,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

describe('console inbox: a person takes over a share page conversation live', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  it('watches the answer stream, is notified, takes over, types, replies, hands back', async () => {
    const { parley } = fixture;
    const agent = (await (
      await parley.request('POST', '/v1/agents', {
        name: 'Returns desk',
        system_prompt: 'Help with returns.',
      })
    ).json()) as { id: string };
    const share = (await (
      await parley.request('POST', `/v1/agents/${agent.id}/share`, { allow_conversations: true })
    ).json()) as { share_url: string; token: string };
    const operator = await createOperator(parley, { role: 'agent', name: 'Maria Lopez' });
    const { page: console, notifications } = await openInbox(await fixture.newVisitor(), parley, operator);

    const answer = 'Returns are free for thirty days: print the label from your order page.';
    answerQuestions(parley, {
      'Can I return my boots?': { content: answer, tokenDelayMs: 120 },
      'Where do I enter the code?': { content: 'Enter it on the returns form.' },
    });
    const visitor = await (await fixture.newVisitor()).newPage();
    await visitor.goto(share.share_url);
    await waitForReady(visitor);
    await typeAndSend(visitor, 'Can I return my boots?');

    // The conversation comes into the list live, from the share page; opened, its answer streams.
    await listItem(console, 'Can I return my boots?').click();
    await transcriptMessages(console, 'user').filter({ hasText: 'Can I return my boots?' }).waitFor();
    let partial = '';
    await expect
      .poll(async () => {
        partial =
          (await liveAnswer(console)
            .textContent({ timeout: 200 })
            .catch(() => '')) ?? '';
        return partial.length;
      })
      .toBeGreaterThan(0);
    expect(answer).toContain(partial.trim());
    await transcriptMessages(console, 'assistant').filter({ hasText: answer }).waitFor();
    expect(await waitForAnswer(visitor)).toContain('thirty days');
    await expect(listItem(console, 'thirty days').textContent()).resolves.toContain('Share page');

    // The visitor asks for a person: the console is told (title badge, browser notification).
    await chat(visitor).getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => console.title()).toMatch(/^\(1\) /);
    await expect.poll(async () => (await notifications()).length).toBe(1);
    expect((await notifications())[0]?.title).toBe('A visitor asks for a person');
    await inbox(console).getByText('Needs a person').first().waitFor();

    // Taken over: the visitor sees Maria typing, then her reply, live.
    const reply = 'Hi, Maria here: your return code is RT-7741.';
    await takeOverAndReply(console, reply);
    await chat(visitor).locator('.person-typing').filter({ hasText: 'Maria Lopez is typing…' }).waitFor();
    await expect.poll(() => console.title()).not.toMatch(/^\(/);
    await sendReply(console, reply);
    await messages(visitor, 'human_agent').filter({ hasText: 'RT-7741' }).waitFor();
    await expect(messages(visitor, 'human_agent').first().textContent()).resolves.toContain('Maria Lopez');

    // Reloaded, the share page still shows her reply under her name, and offers no second handoff.
    await visitor.reload();
    await waitForReady(visitor);
    await messages(visitor, 'human_agent').filter({ hasText: 'RT-7741' }).waitFor();
    await expect(messages(visitor, 'human_agent').first().textContent()).resolves.toContain('Maria Lopez');
    expect(await chat(visitor).getByRole('button', { name: 'Talk to a person' }).count()).toBe(0);

    // While she answers, the model stays quiet.
    const asked = parley.modelServer?.requests.length ?? 0;
    await typeAndSend(visitor, 'Thanks, one moment please');
    await transcriptMessages(console, 'user').filter({ hasText: 'Thanks, one moment please' }).waitFor();
    expect(parley.modelServer?.requests.length ?? 0).toBe(asked);

    // Handed back: the bot answers the next question, and the model read Maria's reply.
    await console.getByRole('button', { name: 'Hand back' }).click();
    await console.getByRole('button', { name: 'Take over' }).waitFor();
    await messages(visitor, 'notice').filter({ hasText: 'the assistant answers again' }).waitFor();
    await typeAndSend(visitor, 'Where do I enter the code?');
    await expect
      .poll(() => messages(visitor, 'assistant').filter({ hasText: 'Enter it on the returns form.' }).count())
      .toBe(1);
    const sent = lastModelMessages(parley);
    expect(sent.some((message) => message.content.includes('RT-7741'))).toBe(true);
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'Where do I enter the code?' });
  });

  it("asking in words escalates the conversation; a share token reaches only its own agent's conversations", async () => {
    const { parley } = fixture;
    const make = async (name: string) => {
      const agent = (await (await parley.request('POST', '/v1/agents', { name })).json()) as { id: string };
      const share = (await (await parley.request('POST', `/v1/agents/${agent.id}/share`, {})).json()) as {
        token: string;
      };
      return { id: agent.id, auth: { authorization: `Bearer ${share.token}` } };
    };
    const first = await make('First');
    const second = await make('Second');
    answerQuestions(parley, {});
    const asked = parley.modelServer?.requests.length ?? 0;
    const chatted = (await (
      await parley.request('POST', `/v1/agents/${first.id}/chat`, { message: 'agent please' }, first.auth)
    ).json()) as { conversation_id: string; content: string };
    expect(chatted.content).toMatch(/person/i);
    expect(parley.modelServer?.requests.length ?? 0).toBe(asked);
    const path = `/v1/agents/${first.id}/conversations/${chatted.conversation_id}`;
    // The other agent's link reaches neither the conversation nor its handoff.
    const foreign = { authorization: second.auth.authorization };
    expect((await parley.request('POST', `${path}/escalate`, {}, foreign)).status).toBe(403);
    expect(
      (
        await parley.request(
          'POST',
          `/v1/agents/${second.id}/conversations/${chatted.conversation_id}/escalate`,
          {},
          foreign,
        )
      ).status,
    ).toBe(404);
    const again = await parley.request('POST', `${path}/escalate`, {}, first.auth);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ conversation_id: chatted.conversation_id, escalated: true });
    // The share link cannot answer as a person.
    expect(
      (await parley.request('POST', `${path}/messages`, { role: 'human_agent', content: 'hi' }, first.auth))
        .status,
    ).toBe(403);
    // The share link reads no inbox; the people answering do, beside sessions.
    expect((await parley.request('GET', `${path}/inbox`, undefined, first.auth)).status).toBe(403);
    const listed = (await (await parley.request('GET', '/v1/inbox/sessions?status=needs_person')).json()) as {
      data: {
        conversation_id: string | null;
        agent_id: string | null;
        app_id: string | null;
        channel: string;
      }[];
    };
    expect(listed.data.find((item) => item.conversation_id === chatted.conversation_id)).toMatchObject({
      channel: 'share',
      agent_id: first.id,
      app_id: null,
    });
    const transcript = (await (await parley.request('GET', `${path}/inbox`)).json()) as {
      session: { escalated: boolean };
      messages: { role: string; content: string }[];
    };
    expect(transcript.session.escalated).toBe(true);
    expect(transcript.messages.map((message) => message.content)).toEqual(['agent please', chatted.content]);
  });
});
