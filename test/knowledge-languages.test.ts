/**
 * Issue 13, problem 5 ("An Arabic question finds nothing"): a help centre written in Arabic,
 * Chinese, Japanese and Russian, uploaded as Markdown; a question asked in each language is answered
 * from that language's document, with its citation, through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const documents: Record<string, string> = {
  'ar-returns.md': '# الإرجاع\n\nيمكنك إرجاع المنتجات خلال ثلاثين يومًا من تاريخ الشراء.',
  'ar-shipping.md': '# الشحن\n\nالشحن مجاني للطلبات التي تزيد عن خمسين دولارًا.',
  'zh-returns.md': '# 退货\n\n您可以在购买后三十天内退货。商品必须保持原始状态。',
  'zh-shipping.md': '# 运费\n\n订单满五十美元免运费。送货需要三到五个工作日。',
  'ja-returns.md': '# 返品\n\n購入後30日以内に商品を返品できます。',
  'ru-shipping.md': '# Доставка\n\nДоставка бесплатна для заказов свыше пятидесяти долларов.',
};

describe('questions in other languages find their documents', () => {
  let parley: ParleyHarness;
  let agentId: string;

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    const datastore = await (await parley.request('POST', '/v1/datastores', { name: 'Aide' })).json();
    agentId = (
      await (await parley.request('POST', '/v1/agents', { name: 'Aide', system_prompt: 'Help.' })).json()
    ).id;
    await parley.request('POST', `/v1/agents/${agentId}/datastores`, { datastore_id: datastore.id });
    for (const [name, text] of Object.entries(documents)) {
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/markdown' }), name);
      const uploaded = await fetch(`${parley.url}/v1/datastores/${datastore.id}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${parley.adminKey}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
    }
    await parley.running.engine.documents.settled();
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it.each([
    ['كيف يمكنني إرجاع منتج؟', 'ar-returns.md'],
    ['هل الشحن مجاني؟', 'ar-shipping.md'],
    ['我怎么退货？', 'zh-returns.md'],
    ['运费多少？', 'zh-shipping.md'],
    ['返品できますか？', 'ja-returns.md'],
    ['Доставка бесплатная?', 'ru-shipping.md'],
  ])('%s is answered from %s', async (message, documentName) => {
    const response = await parley.request('POST', `/v1/agents/${agentId}/chat`, { message });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { content: string; citations: { document_name: string }[] };
    expect(answer.citations[0]?.document_name).toBe(documentName);
    expect(answer.content).not.toContain('could not find');
  });
});
