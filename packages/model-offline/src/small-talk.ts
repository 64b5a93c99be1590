/**
 * Small talk for the offline model: a message made only of greetings, thanks,
 * goodbyes and questions about the assistant itself gets a friendly, honest
 * answer (what it is, what it can answer from) instead of a search of the
 * documents that would find nothing. A message with anything else in it
 * ("Hello! What is your return policy?") is a real question, left to the
 * documents. English only; deterministic word matching, no model.
 */
import { builtInToolNames, type ModelTool } from '@parley/engine';
import { shorten } from './offline-tools.js';

export type SmallTalkKind = 'greeting' | 'thanks' | 'identity' | 'capabilities' | 'farewell';

/** The phrases of each kind, as lowercase words without punctuation ("what's" reads "whats"). */
const phrases: Record<SmallTalkKind, string[]> = {
  greeting: [
    'hello',
    'hi',
    'hey',
    'hiya',
    'howdy',
    'greetings',
    'yo',
    'good morning',
    'good afternoon',
    'good evening',
    'good day',
    'how are you',
    'how are you doing',
    'how is it going',
    'hows it going',
    'whats up',
    'nice to meet you',
  ],
  thanks: [
    'thanks',
    'thank you',
    'thx',
    'ty',
    'cheers',
    'much appreciated',
    'ok',
    'okay',
    'great',
    'cool',
    'perfect',
    'awesome',
    'nice',
    'got it',
  ],
  identity: [
    'who are you',
    'what are you',
    'whats your name',
    'what is your name',
    'are you a bot',
    'are you a robot',
    'are you a chatbot',
    'are you an ai',
    'are you ai',
    'are you human',
    'are you a human',
    'are you a person',
    'are you a real person',
    'are you real',
    'is this a bot',
    'who am i talking to',
    'who am i talking with',
    'introduce yourself',
    'tell me about yourself',
  ],
  capabilities: [
    'what can you do',
    'what do you do',
    'what can you help with',
    'what can you help me with',
    'how can you help',
    'how can you help me',
    'what can i ask',
    'what can i ask you',
    'what do you know',
    'help',
  ],
  farewell: ['bye', 'bye bye', 'goodbye', 'good bye', 'see you', 'see ya', 'good night', 'have a nice day'],
};

/** Words that may stand around the phrases without making the message a question ("hi there", "thanks so much"). */
const fillerWords = new Set(
  'there again so very much a lot all everyone folks oh well um and then please you parley bot assistant'.split(
    ' ',
  ),
);

/** Every phrase as its words, longest first, so "how are you doing" wins over "how are you". */
const allPhrases = (Object.entries(phrases) as [SmallTalkKind, string[]][])
  .flatMap(([kind, list]) => list.map((phrase) => ({ kind, words: phrase.split(' ') })))
  .sort((first, second) => second.words.length - first.words.length);

function wordsOf(message: string): string[] {
  return message
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/**
 * The kinds of small talk the message is made of, in the order they come; empty
 * when any word of it is not small talk (a real question).
 */
export function smallTalkKinds(message: string): SmallTalkKind[] {
  const words = wordsOf(message);
  const kinds: SmallTalkKind[] = [];
  let index = 0;
  while (index < words.length) {
    const found = allPhrases.find((phrase) =>
      phrase.words.every((word, offset) => words[index + offset] === word),
    );
    if (found) {
      if (!kinds.includes(found.kind)) kinds.push(found.kind);
      index += found.words.length;
    } else if (fillerWords.has(words[index] ?? '')) {
      index += 1;
    } else {
      return [];
    }
  }
  return kinds;
}

const builtInTools: ReadonlySet<string> = new Set(builtInToolNames);

/** Words after which a first word ending in "s" reads as a verb ("Looks up", "Returns the"), not a noun ("Status of"). */
const objectWords = new Set(
  'up out the a an your our their its whether if how what which when where who all any one every each'.split(
    ' ',
  ),
);

const irregularVerbs: Record<string, string> = { does: 'do', has: 'have', goes: 'go' };

/** "Looks up …" → "look up …", "Searches the …" → "search the …"; null when it does not start with such a verb. */
function asBaseVerb(description: string): string | null {
  const match = /^(\p{L}+) (\p{L}+)([\s\S]*)$/u.exec(description);
  if (!match) return null;
  const [, verb = '', next = '', rest = ''] = match;
  if (!objectWords.has(next.toLowerCase())) return null;
  const lower = verb.toLowerCase();
  const base =
    irregularVerbs[lower] ??
    (/ies$/.test(lower)
      ? `${lower.slice(0, -3)}y`
      : /(?:ch|sh|ss|x)es$/.test(lower)
        ? lower.slice(0, -2)
        : /[^s]s$/.test(lower)
          ? lower.slice(0, -1)
          : null);
  return base === null ? null : `${base} ${next}${rest}`;
}

/**
 * What the agent's own tools do, in the words of their descriptions (never their
 * names), each to follow "I can": "look up the status of an order …".
 */
export function whatToolsDo(tools: ModelTool[]): string[] {
  const said: string[] = [];
  for (const tool of tools) {
    if (builtInTools.has(tool.name)) continue;
    // Its first sentence only: later ones tend to be instructions for a model ("Returns JSON.").
    const [firstSentence = ''] = tool.description
      .replace(/\s+/g, ' ')
      .trim()
      .split(/(?<=[.!?])\s/);
    const description = shorten(firstSentence, 120).replace(/[.!]+$/, '');
    if (description === '') continue;
    const phrase =
      asBaseVerb(description) ?? `look up ${description[0]?.toLowerCase()}${description.slice(1)}`;
    if (!said.includes(phrase)) said.push(phrase);
  }
  return said;
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export interface AssistantAbilities {
  /** False for an agent without knowledge. */
  hasDocuments: boolean;
  /** What its tools do, from `whatToolsDo`. */
  toolActions: string[];
}

/** One sentence: what the assistant can answer from. */
function whatIAnswerFrom({ hasDocuments, toolActions }: AssistantAbilities): string {
  const tools = listed(toolActions);
  if (hasDocuments) {
    const documents =
      'I answer questions from the documents I was given, quoting the passage that answers with a numbered reference to its source.';
    return tools ? `${documents} I can also ${tools}.` : documents;
  }
  if (tools) return `I have no documents to answer from, but I can ${tools}.`;
  return 'I have no documents and no tools yet, so there is little I can answer.';
}

const whatIAm = 'I am an offline demo assistant, not a real language model:';

/** The answer to small talk of these kinds (non-empty), honest about what answers. */
export function smallTalkAnswer(kinds: SmallTalkKind[], abilities: AssistantAbilities): string {
  const from = whatIAnswerFrom(abilities);
  const hello = kinds.includes('greeting') ? 'Hello! ' : '';
  if (kinds.includes('identity')) {
    return (
      `${hello}${whatIAm.replace(/:$/, '.')} I cannot reason or chat freely: I match the words of your ` +
      `question. ${from} For real answers, whoever runs this assistant can connect a language model ` +
      '(set OPENAI_API_KEY).'
    );
  }
  if (kinds.includes('capabilities')) {
    return `${hello}${from} ${whatIAm} ask one question at a time, in plain words.`;
  }
  if (kinds.includes('thanks')) {
    const bye = kinds.includes('farewell') ? ' Goodbye!' : ` Ask me anything else. ${from}`;
    return `Glad I could help!${bye}`;
  }
  if (kinds.includes('farewell')) return 'Goodbye, and thank you for trying the offline demo assistant!';
  return `Hello! ${whatIAm} ${from} What would you like to know?`;
}
