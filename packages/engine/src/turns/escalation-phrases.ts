const person =
  '(?:a |an |some |real |live |actual )*(?:human|person|people|agent|someone|somebody|representative|rep|operator|staff|support team)';

const phrases: RegExp[] = [
  new RegExp(String.raw`\b(?:talk|speak|chat)(?:ing)? (?:to|with) ${person}\b`, 'i'),
  new RegExp(String.raw`\b(?:connect|transfer|put|pass) me (?:through )?(?:to|with) ${person}\b`, 'i'),
  new RegExp(String.raw`\b(?:want|need|get|like) (?:to (?:talk|speak) to )?${person}\b`, 'i'),
  /\b(?:human|agent|person|operator|representative),? please\b/i,
  /\bhuman (?:agent|being|support)\b/i,
  /^\s*(?:human|agent|operator|representative)\s*[.!?]*\s*$/i,
];

/** True when the user asks, in their own words, for a person ("talk to a human", "agent please"). */
export function asksForHuman(text: string): boolean {
  return phrases.some((phrase) => phrase.test(text));
}
