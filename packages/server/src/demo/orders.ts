import type { Request, Response } from 'express';

/** A made-up order of the demo shop, always the same for the same number. */
export function demoOrder(orderId: string) {
  const statuses = ['processing', 'shipped', 'out for delivery', 'delivered'] as const;
  const number = Number(orderId.slice(-4));
  const status = statuses[number % statuses.length] ?? 'processing';
  return {
    order_id: orderId,
    status,
    carrier: status === 'processing' ? null : 'Acme Express',
    estimated_delivery: status === 'delivered' ? null : 'in 2 business days',
    items: 1 + (number % 3),
  };
}

/** `GET /demo/api/orders/:order_id`: the demo shop's order API, which the demo agent's tool calls. */
export function answerOrder(request: Request<{ order_id: string }>, response: Response): void {
  const orderId = request.params.order_id;
  if (!/^[0-9]{3,12}$/.test(orderId)) {
    response
      .status(404)
      .json({ error: { code: 'not_found', message: 'No such order', details: { order_id: orderId } } });
    return;
  }
  response.json(demoOrder(orderId));
}
