/**
 * Deterministic, plausible customer-support text for the index's tests and benchmark: passages
 * mixing sentence templates (returns, shipping, billing…) with sentences composed from a few
 * hundred words (synthetic-vocabulary.ts), and questions of 3–8 words over the same words.
 */
import type { ChunkRecord } from '@parley/engine';
import {
  adjectives,
  carriers,
  colors,
  menus,
  models,
  nouns,
  options,
  places,
  plans,
  prepositions,
  products,
  topicWords,
  verbs,
} from './synthetic-vocabulary.js';

export type Random = () => number;

/** mulberry32: a small seeded generator, so corpora and queries are the same on every run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Like pick, but the first items come up far more often than the last ones, as words do in text. */
function pickSkewed<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() ** 1.5 * items.length)] as T;
}

const templates: readonly ((random: Random) => string)[] = [
  (random) =>
    `${cap(pick(random, products))} orders ship within ${1 + Math.floor(random() * 5)} business days from our ${pick(random, places)} warehouse.`,
  (random) =>
    `To reset your ${pick(random, products)}, open ${pick(random, menus)} and choose ${pick(random, options)}.`,
  (random) => `Warranty claims for a ${pick(random, products)} need the serial number and proof of purchase.`,
  (random) =>
    `The ${pick(random, plans)} plan includes ${2 + Math.floor(random() * 50)} seats and priority email support.`,
  (random) =>
    `Invoices are emailed on day ${1 + Math.floor(random() * 28)} of each billing cycle and can be downloaded from ${pick(random, menus)}.`,
  (random) =>
    `If the status light on your ${pick(random, products)} blinks ${pick(random, colors)}, the firmware update is still running.`,
  (random) =>
    `Tracking numbers from ${pick(random, carriers)} appear in your account within ${2 + Math.floor(random() * 46)} hours of dispatch.`,
  (random) =>
    `${cap(pick(random, products))}s can be returned within ${pick(random, [14, 30, 60])} days of delivery for a full refund.`,
  (random) =>
    `Refunds are issued to the original payment method within ${3 + Math.floor(random() * 10)} working days.`,
  (random) =>
    `Passwords must be at least ${8 + Math.floor(random() * 8)} characters long and are never sent by email.`,
  (random) => `Our support team in ${pick(random, places)} answers chats from 8:00 to 18:00 on weekdays.`,
  (random) =>
    `Pair the ${pick(random, products)} with the mobile app by holding the power button for ${3 + Math.floor(random() * 8)} seconds.`,
  (random) =>
    `Subscriptions renew automatically; cancel at least ${1 + Math.floor(random() * 7)} days before renewal to avoid a charge.`,
  (random) =>
    `Replacement batteries for the ${pick(random, products)} are sold separately and ship with ${pick(random, carriers)}.`,
  (random) =>
    `Administrators can export audit logs as CSV from ${pick(random, menus)} for the last ${pick(random, [30, 90, 365])} days.`,
  (random) =>
    `Gift cards cannot be exchanged for cash and expire after ${pick(random, [12, 24, 36])} months.`,
  (random) =>
    `Enable two-factor authentication in ${pick(random, menus)} to protect your account from unauthorized sign-ins.`,
  (random) =>
    `Damaged parcels should be reported to ${pick(random, carriers)} within ${1 + Math.floor(random() * 7)} days with photos of the packaging.`,
  (random) =>
    `The ${pick(random, products)} supports USB-C charging and reaches full charge in about ${1 + Math.floor(random() * 4)} hours.`,
  () => `Price matching applies to identical items sold by authorised retailers in the same country.`,
];

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nounPhrase(random: Random): string {
  if (random() < 0.25) return `the ${pick(random, models)} ${pickSkewed(random, products)}`;
  const adjective = random() < 0.6 ? `${pickSkewed(random, adjectives)} ` : '';
  return `${pick(random, ['the', 'a', 'each', 'your', 'every'])} ${adjective}${pickSkewed(random, nouns)}`;
}

/** A sentence over the general vocabulary, such as "The shared dashboard exports a monthly report after an outage." */
function composedSentence(random: Random): string {
  const modifier =
    random() < 0.5
      ? ` ${pick(random, prepositions)} ${nounPhrase(random)}`
      : ` within ${1 + Math.floor(random() * 90)} ${pick(random, ['minutes', 'hours', 'days', 'weeks'])}`;
  return `${cap(nounPhrase(random))} ${pickSkewed(random, verbs)} ${nounPhrase(random)}${modifier}.`;
}

/** A passage of at least minimumLength characters; `accept` can veto sentences (e.g. ones that would answer a test's question). */
export function supportPassage(
  random: Random,
  minimumLength: number,
  accept: (sentence: string) => boolean = () => true,
): string {
  const sentences: string[] = [];
  let length = 0;
  while (length < minimumLength) {
    const sentence = random() < 0.4 ? pick(random, templates)(random) : composedSentence(random);
    if (!accept(sentence)) continue;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(' ');
}

const documentTopics = [
  'returns',
  'shipping',
  'billing',
  'warranty',
  'setup-guide',
  'security',
  'faq',
  'accounts',
];

export interface SupportChunkOptions {
  count: number;
  datastoreIds: readonly string[];
  chunksPerDocument: number;
  minimumLength: number;
  seed: number;
  accept?: (sentence: string) => boolean;
}

/** Chunks spread round-robin over the datastores, `chunksPerDocument` consecutive chunks per document. */
export function supportChunks(options: SupportChunkOptions): ChunkRecord[] {
  const random = seededRandom(options.seed);
  const chunks: ChunkRecord[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const documentNumber = Math.floor(index / options.chunksPerDocument);
    chunks.push({
      id: `chk_${options.seed}_${index}`,
      datastore_id: options.datastoreIds[documentNumber % options.datastoreIds.length] as string,
      document_id: `doc_${options.seed}_${documentNumber}`,
      document_name: `${documentTopics[documentNumber % documentTopics.length]}-${documentNumber}.pdf`,
      page_number: 1 + (index % options.chunksPerDocument),
      text: supportPassage(random, options.minimumLength, options.accept),
    });
  }
  return chunks;
}

const openers = [
  'how do I',
  'can I',
  'what is the',
  'where can I find',
  'why does my',
  'when will my',
  'is there a',
  'how long',
];
const queryVocabularies = [topicWords, products, nouns, adjectives, verbs, models];

/** A question of 3–8 words, such as "how long laptop return refund days" or "can I archived invoice". */
export function supportQuestion(random: Random): string {
  const wordCount = 3 + Math.floor(random() * 6);
  const words = pick(random, openers)
    .split(' ')
    .slice(0, wordCount - 1);
  while (words.length < wordCount)
    words.push(pickSkewed(random, pick(random, queryVocabularies)).toLowerCase());
  return words.join(' ');
}
