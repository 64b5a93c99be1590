import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, splitMrkdwn, toMrkdwn } from './mrkdwn.js';

describe('toMrkdwn', () => {
  it('escapes &, < and > so nothing becomes a mention, a link or markup', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(toMrkdwn('Hey <!channel> <!here|here> <@U123> <#C1|general>')).toBe(
      'Hey &lt;!channel&gt; &lt;!here|here&gt; &lt;@U123&gt; &lt;#C1|general&gt;',
    );
    expect(toMrkdwn('<script>alert("x")</script>')).toBe('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(toMrkdwn('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
  });

  it('turns Markdown links, bold, italic, strike, headings and lists into mrkdwn', () => {
    expect(toMrkdwn('See [the policy](https://acme.example/returns?a=1&b=2).')).toBe(
      'See <https://acme.example/returns?a=1&amp;b=2|the policy>.',
    );
    expect(toMrkdwn('[a <b> | c](https://x.example/p|q)')).toBe('<https://x.example/p%7Cq|a &lt;b&gt; ¦ c>');
    expect(toMrkdwn('Go to https://acme.example/help, then <https://acme.example/faq>.')).toBe(
      'Go to <https://acme.example/help>, then <https://acme.example/faq>.',
    );
    expect(toMrkdwn('**Returns** take *30 days* and __never__ ~~60~~.')).toBe(
      '*Returns* take _30 days_ and *never* ~60~.',
    );
    expect(toMrkdwn('## Your **order**\n- one\n* two\n  + three')).toBe(
      '*Your order*\n• one\n• two\n  • three',
    );
    expect(toMrkdwn('> quoted & kept')).toBe('> quoted &amp; kept');
    expect(toMrkdwn('2 * 3 * 4 = 24')).toBe('2 * 3 * 4 = 24');
    expect(toMrkdwn('above\n- - -\nbelow')).toBe('above\n───\nbelow');
  });

  it('keeps code as it is, escaped, without the language name', () => {
    expect(toMrkdwn('Run `a **b** <c>` now')).toBe('Run `a **b** &lt;c&gt;` now');
    expect(toMrkdwn('```ts\nconst x = a && b;\n```\n**done**')).toBe(
      '```\nconst x = a &amp;&amp; b;\n```\n*done*',
    );
  });
});

describe('splitMrkdwn', () => {
  it('keeps short text whole', () => {
    expect(splitMrkdwn('short')).toEqual(['short']);
  });

  it('cuts at paragraph breaks, then words, never beyond the limit', () => {
    const paragraph = 'word '.repeat(300).trim();
    const pieces = splitMrkdwn(`${paragraph}\n\n${paragraph}\n\n${paragraph}`, 3_000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3_000);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(`${paragraph} ${paragraph} ${paragraph}`);
  });

  it('never cuts an escape or a link in two', () => {
    const text = `${'x'.repeat(95)}&amp;${'y'.repeat(50)}`;
    const pieces = splitMrkdwn(text, 98);
    expect(pieces[0]).toBe('x'.repeat(95));
    expect(pieces[1]?.startsWith('&amp;')).toBe(true);
    const linked = `${'x'.repeat(90)}<https://a.example|a>`;
    expect(splitMrkdwn(linked, 95)[0]).toBe('x'.repeat(90));
  });

  it('closes a code fence it cuts and opens it again', () => {
    const code = `\`\`\`\n${'line of code\n'.repeat(40)}\`\`\``;
    const pieces = splitMrkdwn(code, 200);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(200);
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });
});
