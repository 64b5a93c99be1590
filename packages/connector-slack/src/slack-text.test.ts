import { describe, expect, it } from 'vitest';
import { plainTextOf } from './slack-text.js';

describe('plainTextOf', () => {
  it('removes the bot’s mention and writes the rest of Slack’s markup out', () => {
    expect(plainTextOf('<@UBOT> how long do I have?', 'UBOT')).toBe('how long do I have?');
    expect(plainTextOf('hey <@UBOT>: ask <@U2|grace> in <#C1|support> or <#C2>', 'UBOT')).toBe(
      'hey ask @grace in #support or #C2',
    );
    expect(
      plainTextOf(
        '<https://a.example/x|the page> and <https://b.example> &amp; <mailto:a@b.c|a@b.c>',
        'UBOT',
      ),
    ).toBe('the page (https://a.example/x) and https://b.example & a@b.c');
    expect(plainTextOf('&lt;not a tag&gt; <!here> <!subteam^S1|@support>', 'UBOT')).toBe(
      '<not a tag> @here @support',
    );
  });

  it('drops only the first mention of a mention event while the bot’s id is unknown', () => {
    expect(plainTextOf('<@UBOT> tell <@U2> hi', null, { mentioned: true })).toBe('tell @U2 hi');
    expect(plainTextOf('tell <@U2> hi', null)).toBe('tell @U2 hi');
  });
});
