/**
 * A Slack message's text as a person reads it, for the model: the bot's own
 * mention removed, other mentions, channels and links written out, Slack's
 * escapes (`&amp;` `&lt;` `&gt;`) undone.
 */
export function plainTextOf(
  text: string,
  botUserId: string | null,
  options: { mentioned?: boolean } = {},
): string {
  // Not knowing the bot's id yet, a mention event drops its first mention (the one that called the bot).
  const botMention =
    botUserId !== null
      ? new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/gi, '')}(?:\\|[^>]*)?>[:,]?`, 'g')
      : options.mentioned
        ? /<@[UW][A-Z0-9]+(?:\|[^>]*)?>[:,]?/
        : null;
  return (botMention ? text.replace(botMention, ' ') : text)
    .replace(
      /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_whole, id: string, label: string | undefined) => `@${label || id}`,
    )
    .replace(
      /<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_whole, id: string, name: string | undefined) => `#${name || id}`,
    )
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_whole, name: string | undefined) => name ?? '@group')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_whole, url: string, label: string) =>
      label === url || `mailto:${label}` === url ? label : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto):[^|>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
