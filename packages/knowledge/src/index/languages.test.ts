/**
 * Issue 13, problem 5: retrieval in the widget's languages. A question in a language finds the
 * passage in that language that answers it, first: words written without spaces (Chinese,
 * Japanese, Thai) are split into words, Korean particles and Arabic/Russian/Ukrainian inflections
 * meet their stems, and function words of non-Latin scripts do not dilute the match.
 */
import type { ChunkRecord } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from './lexical-index.js';
import { queryTerms } from './text-analysis.js';

const passages: Record<string, string> = {
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

function index(): LexicalIndex {
  const built = new LexicalIndex();
  built.add(
    Object.entries(passages).map(
      ([id, text]): ChunkRecord => ({
        id,
        datastore_id: 'store',
        document_id: id,
        document_name: 'policies.md',
        text,
        page_number: 1,
      }),
    ),
  );
  return built;
}

describe('retrieval in many languages', () => {
  const search = index();

  it.each([
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
  ])('%s finds %s first, as a good match', (question, expected) => {
    const [best] = search.search(question, { datastoreIds: ['store'], limit: 3 });
    expect(best?.chunk.id).toBe(expected);
    expect(best?.score).toBeGreaterThanOrEqual(0.5);
  });

  it('splits text written without spaces into words, and drops the function words of other scripts', () => {
    expect(queryTerms('退货政策是什么')).toEqual(expect.arrayContaining(['退货', '政策']));
    expect(queryTerms('退货政策是什么')).not.toContain('退货政策是什么');
    expect(queryTerms('ما هي سياسة الإرجاع؟')).toHaveLength(2);
    expect(queryTerms('반품은')).toEqual(['반품']);
  });
});
