/**
 * The retrieval contract: what every RetrievalIndex does, whichever implementation (in memory, in
 * PostgreSQL). Run by test/retrieval-contract.test.ts against each one.
 */
import type { ChunkRecord, RetrievalIndex } from '@parley/engine';
import { describe, expect, it } from 'vitest';

export const modelName = 'test:embeddings';

export interface IndexUnderTest {
  /** A fresh, empty index (hybrid over `modelName` vectors when `hybrid`). */
  make(options: { hybrid: boolean }): Promise<RetrievalIndex>;
}

function chunk(
  id: string,
  text: string,
  options: { datastore?: string; document?: string; name?: string; embedding?: number[] | null } = {},
): ChunkRecord {
  return {
    id,
    datastore_id: options.datastore ?? 'ds_main',
    document_id: options.document ?? `doc_${id}`,
    document_name: options.name ?? `${id}.txt`,
    page_number: 1,
    text,
    ...(options.embedding ? { embedding: options.embedding, embedding_model: modelName } : {}),
  };
}

const policies = [
  chunk('laptops', 'Electronics. Laptops can be returned within 45 days of delivery with their charger.'),
  chunk('shipping', 'Shipping: orders leave our warehouse within two business days.'),
  chunk('clothing', 'Clothing can be exchanged for another size at any store within 30 days.'),
  chunk('contact', 'Contact: write to support@acme.example for anything else about your orders.'),
  chunk('warranty', 'Every laptop has a two year warranty covering the battery and the screen.', {
    datastore: 'ds_other',
  }),
];
const main = { datastoreIds: ['ds_main'], limit: 5 };

const languagePassages: Record<string, string> = {
  arReturns:
    'سياسة الإرجاع: يمكنك إرجاع المنتجات خلال ثلاثين يومًا من تاريخ الشراء. يجب أن تكون المنتجات في حالتها الأصلية.',
  arShipping: 'الشحن مجاني للطلبات التي تزيد عن خمسين دولارًا. يستغرق التوصيل من ثلاثة إلى خمسة أيام عمل.',
  zhReturns: '退货政策：您可以在购买后三十天内退货。商品必须保持原始状态。',
  zhShipping: '运费：订单满五十美元免运费。送货需要三到五个工作日。',
  jaReturns: '返品ポリシー：購入後30日以内に商品を返品できます。商品は元の状態である必要があります。',
  jaShipping: '送料：50ドル以上のご注文は送料無料です。配達には3〜5営業日かかります。',
  koReturns: '반품 정책: 구매 후 30일 이내에 제품을 반품할 수 있습니다.',
  koShipping: '배송비: 50달러 이상 주문 시 무료 배송입니다.',
  ruReturns: 'Политика возврата: вы можете вернуть товары в течение тридцати дней после покупки.',
  ruShipping: 'Доставка бесплатна для заказов свыше пятидесяти долларов.',
  ukReturns: 'Політика повернення: ви можете повернути товари протягом тридцяти днів після покупки.',
  ukShipping: 'Доставка безкоштовна для замовлень понад п’ятдесят доларів.',
  thReturns: 'นโยบายการคืนสินค้า: คุณสามารถคืนสินค้าได้ภายในสามสิบวันหลังจากซื้อ',
  deReturns: 'Rückgaberichtlinie: Sie können Produkte innerhalb von dreißig Tagen nach dem Kauf zurückgeben.',
  frShipping: 'La livraison est gratuite pour les commandes de plus de cinquante dollars.',
  enReturns: 'Return policy: laptops can be returned within 45 days of delivery.',
};

const languageQuestions: [string, string][] = [
  ['كيف يمكنني إرجاع منتج؟', 'arReturns'],
  ['هل الشحن مجاني؟', 'arShipping'],
  ['我怎么退货？', 'zhReturns'],
  ['运费多少？', 'zhShipping'],
  ['返品できますか？', 'jaReturns'],
  ['送料はいくらですか？', 'jaShipping'],
  ['반품은 어떻게 하나요?', 'koReturns'],
  ['배송은 무료인가요?', 'koShipping'],
  ['Как вернуть товар?', 'ruReturns'],
  ['Доставка бесплатная?', 'ruShipping'],
  ['Як повернути товар?', 'ukReturns'],
  ['คืนสินค้าได้ไหม', 'thReturns'],
  ['Wie kann ich ein Produkt zurückgeben?', 'deReturns'],
  ['La livraison est-elle gratuite ?', 'frShipping'],
  ['How long do I have to return a laptop?', 'enReturns'],
];

/** Vectors over three "meanings": [refund, laptop, shipping]. */
const laptopRefunds = chunk('refunds', 'Laptops can be refunded within 45 days.', { embedding: [1, 1, 0] });
const orders = chunk('orders', 'Orders ship within two business days.', { embedding: [0, 0, 1] });
const moneyBack = chunk('money', 'We give your money back on any order.', { embedding: [1, 0, 0.2] });
const elsewhere = chunk('elsewhere', 'Laptops are refunded in store credit.', {
  datastore: 'ds_other',
  embedding: [1, 1, 0],
});
const plain = chunk('plain', 'Laptops can be refunded at the till.');
const foreign = {
  ...chunk('foreign', 'Gift cards never expire.', { embedding: [1, 1, 0] }),
  embedding_model: 'other',
};

export function retrievalContract(name: string, implementation: IndexUnderTest): void {
  describe(`retrieval contract: ${name}`, () => {
    it('finds the passage that answers a question first, as a good match, scores in 0–1 best first', async () => {
      const index = await implementation.make({ hybrid: false });
      await index.add(policies);
      const hits = await index.search('How long do I have to return a laptop?', main);
      expect(hits[0]?.chunk.id).toBe('laptops');
      expect(hits[0]?.score).toBeGreaterThanOrEqual(0.5);
      expect(hits[0]?.chunk).toEqual(policies[0]);
      for (const [position, hit] of hits.entries()) {
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.score).toBeLessThanOrEqual(1);
        if (position > 0) expect(hit.score).toBeLessThanOrEqual(hits[position - 1]?.score ?? 1);
      }
      const weak = await index.search(
        'Which orders can I return, and how do I write to you about clothing?',
        main,
      );
      expect(weak.length).toBeGreaterThan(1);
      expect(await index.search('zebra', main)).toEqual([]);
      expect(await index.search('the of and', main)).toEqual([]);
    });

    it('ranks a passage matching a rare word above one matching a common word', async () => {
      const index = await implementation.make({ hybrid: false });
      const common = Array.from({ length: 8 }, (_, number) =>
        chunk(`order${number}`, `Your order number ${number} is on its way to you.`),
      );
      await index.add([...common, chunk('rare', 'A damaged order can be refunded by our courier partner.')]);
      const hits = await index.search('order courier', { datastoreIds: ['ds_main'], limit: 3 });
      expect(hits[0]?.chunk.id).toBe('rare');
      expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? 1);
    });

    it('keeps and finds a passage whose text or name holds a lone surrogate or U+0000 (a JSON upload can)', async () => {
      const index = await implementation.make({ hybrid: false });
      await index.add([
        chunk('odd', 'Refunds \ud800 reach the card \u0000 within five days.', { name: 'odd\udc00.md' }),
      ]);
      const hits = await index.search('refunds card', { datastoreIds: ['ds_main'], limit: 3 });
      expect(hits.map((hit) => hit.chunk.id)).toEqual(['odd']);
    });

    it('keeps to the datastores searched and to the limit', async () => {
      const index = await implementation.make({ hybrid: false });
      await index.add(policies);
      const other = await index.search('laptop', { datastoreIds: ['ds_other'], limit: 5 });
      expect(other.map((hit) => hit.chunk.id)).toEqual(['warranty']);
      const both = await index.search('laptop', { datastoreIds: ['ds_main', 'ds_other'], limit: 5 });
      expect(both.map((hit) => hit.chunk.id).sort()).toEqual(['laptops', 'warranty']);
      expect(await index.search('laptop', { datastoreIds: ['ds_none'], limit: 5 })).toEqual([]);
      expect(await index.search('within', { datastoreIds: ['ds_main'], limit: 2 })).toHaveLength(2);
    });

    it('forgets a removed document at once, and ignores a passage added twice', async () => {
      const index = await implementation.make({ hybrid: false });
      const pages = [
        chunk('page1', 'Gift cards can be used online.', { document: 'doc_gifts' }),
        chunk('page2', 'Gift cards never expire.', { document: 'doc_gifts' }),
      ];
      await index.add([...policies, ...pages]);
      await index.add(pages);
      expect(await index.hasDocument('doc_gifts')).toBe(true);
      expect(await index.search('gift cards', main)).toHaveLength(2);
      await index.removeDocument('doc_gifts');
      expect(await index.hasDocument('doc_gifts')).toBe(false);
      expect(await index.search('gift cards', main)).toEqual([]);
      expect((await index.search('laptop', main))[0]?.chunk.id).toBe('laptops');
      await index.add(pages);
      expect(await index.search('gift cards', main)).toHaveLength(2);
    });

    it('matches the document name, below the text', async () => {
      const index = await implementation.make({ hybrid: false });
      await index.add([
        chunk('named', 'Read this before you travel.', { name: 'warranty-terms.pdf' }),
        chunk('told', 'The warranty lasts two years.'),
      ]);
      const hits = await index.search('warranty', main);
      expect(hits.map((hit) => hit.chunk.id)).toEqual(['told', 'named']);
      expect(await index.search('pdf', main)).toEqual([]);
    });

    it('answers questions in many languages with the passage in that language, first', async () => {
      const index = await implementation.make({ hybrid: false });
      await index.add(
        Object.entries(languagePassages).map(([id, text]) => chunk(id, text, { name: 'policies.md' })),
      );
      for (const [question, expected] of languageQuestions) {
        const [best] = await index.search(question, { datastoreIds: ['ds_main'], limit: 3 });
        expect(best?.chunk.id, question).toBe(expected);
        expect(best?.score, question).toBeGreaterThanOrEqual(0.5);
      }
    });

    it('hybrid: finds a passage by meaning alone, fused scores in 0–1, words and meaning above meaning alone', async () => {
      const index = await implementation.make({ hybrid: true });
      await index.add([laptopRefunds, orders, moneyBack, elsewhere]);
      const search = index.searchWithVector?.bind(index);
      if (!search) throw new Error('a hybrid index searches with vectors');
      const byMeaning = await search('notebook computer reimbursement', [1, 1, 0], main);
      expect(byMeaning.map((hit) => hit.chunk.id)).toEqual(['refunds', 'money']);
      expect(byMeaning[0]?.chunk).not.toHaveProperty('embedding');
      expect(byMeaning[0]?.score).toBeCloseTo(0.5, 5);
      const both = await search('laptops refunded', [1, 0, 0], main);
      expect(both.map((hit) => hit.chunk.id)).toEqual(['refunds', 'money']);
      const lexical = (await index.search('laptops refunded', main))[0]?.score ?? 0;
      expect(both[0]?.score).toBeCloseTo(0.5 * lexical + 0.5 * Math.SQRT1_2, 5);
      expect(both[1]?.score).toBeCloseTo(0.5 * (1 / Math.sqrt(1.04)), 5);
      expect((await search('zebra', [0, 0, 1], main)).map((hit) => hit.chunk.id)).toEqual(['orders']);
      const other = await search('anything', [1, 1, 0], { datastoreIds: ['ds_other'], limit: 5 });
      expect(other.map((hit) => hit.chunk.id)).toEqual(['elsewhere']);
      await index.removeDocument('doc_refunds');
      expect((await search('notebook', [1, 1, 0], main)).map((hit) => hit.chunk.id)).toEqual(['money']);
    });

    it('hybrid: scores passages without a vector of the model lexically', async () => {
      const index = await implementation.make({ hybrid: true });
      await index.add([plain, foreign]);
      const hits = (await index.searchWithVector?.('laptops refunded', [1, 1, 0], main)) ?? [];
      expect(hits.map((hit) => hit.chunk.id)).toEqual(['plain']);
      expect(hits[0]?.score).toBeCloseTo((await index.search('laptops refunded', main))[0]?.score ?? 0, 10);
      const zero = (await index.searchWithVector?.('gift cards', [0, 0, 0], main)) ?? [];
      expect(zero.map((hit) => hit.chunk.id)).toEqual(['foreign']);
    });
  });
}
