import { describe, expect, it } from 'vitest';
import {
  bestSentence,
  citingSentence,
  excerptOf,
  keywords,
  sentencesOf,
  supportingSentence,
} from './excerpt.js';

const passage =
  'Our store is open every day. Laptops can be returned within 45 days of delivery. Phones must come back within 14 days. ' +
  'Refunds reach your card in 5 business days.';

describe('excerpts', () => {
  it('find the sentence that answers the question', () => {
    expect(bestSentence(passage, 'How long do I have to return a laptop?')).toBe(
      'Laptops can be returned within 45 days of delivery.',
    );
    expect(bestSentence(passage, 'What is the weather?')).toBeNull();
  });

  it('are verbatim text of the passage, within the size asked', () => {
    const long = `${'Filler sentence about shipping. '.repeat(30)}${passage}`;
    const excerpt = excerptOf(long, 'return a laptop', 120);
    expect(long.includes(excerpt)).toBe(true);
    expect(excerpt).toContain('Laptops can be returned within 45 days');
    expect(excerpt.length).toBeLessThanOrEqual(120);
  });

  it('skip a title on a line of its own, as a PDF page opens, when a sentence answers', () => {
    const page =
      'Acme return policy\n\nThis policy explains how to return or exchange what you bought.\n\nIt applies to orders placed online.';
    expect(bestSentence(page, 'What is your return policy?')).toBe(
      'This policy explains how to return or exchange what you bought.',
    );
    expect(sentencesOf(page)[0]).toBe('This policy explains how to return or exchange what you bought.');
    // A table row is not a title, and a passage that is only a title still has it.
    expect(bestSentence('Prices\n| Express | 9 euros |\n', 'express price?')).toBe('| Express | 9 euros |');
    expect(bestSentence('Opening hours\n', 'opening hours?')).toBe('Opening hours');
  });

  it('reduce words to a light stem without stop words', () => {
    expect([...keywords('How do I return laptops?')]).toEqual(['return', 'laptop']);
  });
});

describe('the excerpt of a citation', () => {
  const policy =
    'Returns are easy. Laptops can be returned within 45 days of delivery. ' +
    'The laptop must come back in its original box with every accessory. Refunds reach your card in 5 business days.';

  it('is the sentence that supports the answer sentence carrying the marker, not the question', () => {
    const answer = 'You have 45 days. Pack the laptop in its original box with every accessory [1].';
    expect(citingSentence(answer, 1)).toBe('Pack the laptop in its original box with every accessory.');
    expect(
      supportingSentence(policy, 'How long do I have to return a laptop?', citingSentence(answer, 1)),
    ).toBe('The laptop must come back in its original box with every accessory.');
  });

  it('prefers a sentence the answer does not repeat word for word when both support it equally', () => {
    const passage =
      'Laptops can be returned within 45 days. Laptops returned within 45 days get a full refund.';
    const answer = 'Laptops can be returned within 45 days [1].';
    expect(supportingSentence(passage, '', citingSentence(answer, 1))).toBe(
      'Laptops returned within 45 days get a full refund.',
    );
  });

  it('finds the marker closing a sentence and falls back to the question without one', () => {
    expect(citingSentence('First point. Refunds take 5 days.[2] More.', 2)).toBe('Refunds take 5 days.');
    expect(citingSentence('No markers here.', 1)).toBe('');
    expect(excerptOf(policy, 'refund card', 320, 10, '')).toBe('Refunds reach your card in 5 business days.');
  });
});

describe('sentences in other languages', () => {
  it('end at the full stops of Japanese and Chinese (。), Arabic (؟) and Hindi (।)', () => {
    expect(
      sentencesOf(
        '返品は購入から30日以内に受け付けます。返金は5営業日以内にカードへ戻ります。ノートパソコンは元の箱に入れて返送してください。',
      ),
    ).toEqual([
      '返品は購入から30日以内に受け付けます。',
      '返金は5営業日以内にカードへ戻ります。',
      'ノートパソコンは元の箱に入れて返送してください。',
    ]);
    expect(sentencesOf('退货需在三十天内办理。退款将在五个工作日内退回您的银行卡。请保留原包装。')).toEqual([
      '退货需在三十天内办理。',
      '退款将在五个工作日内退回您的银行卡。',
      '请保留原包装。',
    ]);
    expect(
      sentencesOf(
        'هل يمكنني إرجاع الحاسوب؟ نعم، خلال ثلاثين يوما من الاستلام. يصل المبلغ المسترد خلال خمسة أيام عمل.',
      ),
    ).toEqual([
      'هل يمكنني إرجاع الحاسوب؟',
      'نعم، خلال ثلاثين يوما من الاستلام.',
      'يصل المبلغ المسترد خلال خمسة أيام عمل.',
    ]);
    expect(
      sentencesOf(
        'आप तीस दिनों के भीतर लैपटॉप लौटा सकते हैं। धनवापसी पाँच कार्य दिवसों में आपके कार्ड पर पहुँचती है। मूल डिब्बा रखें।',
      ),
    ).toEqual([
      'आप तीस दिनों के भीतर लैपटॉप लौटा सकते हैं।',
      'धनवापसी पाँच कार्य दिवसों में आपके कार्ड पर पहुँचती है।',
      'मूल डिब्बा रखें।',
    ]);
  });

  it('give the excerpt that supports the answer, verbatim, not the whole passage', () => {
    const japanese =
      '当店では全商品を丁寧に梱包して発送しております。返品は購入から30日以内に受け付けます。返金は5営業日以内にカードへ戻ります。ノートパソコンは元の箱に入れて返送してください。';
    const excerpt = excerptOf(japanese, '返金はいつ戻りますか', 320, 10, '返金は5営業日以内に戻ります');
    expect(excerpt).toBe('返金は5営業日以内にカードへ戻ります。');
    expect(japanese.includes(excerpt)).toBe(true);

    const arabic =
      'متجرنا مفتوح كل يوم. يمكن إرجاع الحواسيب المحمولة خلال ثلاثين يوما من الاستلام. هل تحتاج إلى الإيصال؟ نعم، يجب تقديم الإيصال الأصلي مع المنتج.';
    expect(excerptOf(arabic, 'هل أحتاج الإيصال', 320, 10, 'يجب تقديم الإيصال الأصلي')).toBe(
      'نعم، يجب تقديم الإيصال الأصلي مع المنتج.',
    );

    const hindi =
      'हमारी दुकान हर दिन खुली रहती है। आप तीस दिनों के भीतर लैपटॉप लौटा सकते हैं। धनवापसी पाँच कार्य दिवसों में आपके कार्ड पर पहुँचती है।';
    expect(excerptOf(hindi, 'धनवापसी कब मिलेगी', 320, 10, 'धनवापसी पाँच दिनों में पहुँचती है')).toBe(
      'धनवापसी पाँच कार्य दिवसों में आपके कार्ड पर पहुँचती है।',
    );
  });

  it('widen a short sentence by its neighbours in the same language, within the maximum', () => {
    const chinese = '退货需在三十天内办理。退款将在五个工作日内退回您的银行卡。请保留原包装。';
    const excerpt = excerptOf(chinese, '退款', 30, 25, '');
    expect(excerpt).toBe('退款将在五个工作日内退回您的银行卡。请保留原包装。');
    expect(excerpt.length).toBeLessThanOrEqual(30);
  });

  it('find the sentence of an answer carrying a marker after a Japanese full stop', () => {
    expect(
      citingSentence('返品は30日以内です。返金は5営業日以内です。[2] ほかにご質問はありますか。', 2),
    ).toBe('返金は5営業日以内です。');
  });
});
