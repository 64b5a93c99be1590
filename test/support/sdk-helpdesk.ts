import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ParleyApiError, verifyWebhookSignature } from '@parley/sdk';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** What the SDK tests share: a helpdesk's webhook receiver checking deliveries with the SDK, a PDF to upload, and the error a call rejects with. */

export const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface ReceivedDelivery {
  event: string;
  eventId: string;
  rawBody: Buffer;
  signature: string;
  verified: boolean;
  data: Record<string, unknown>;
}

/** A helpdesk's webhook receiver that checks each delivery with the SDK's `verifyWebhookSignature`. */
export async function startReceiver() {
  const state = { secret: '', deliveries: [] as ReceivedDelivery[] };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const rawBody = Buffer.concat(chunks);
      const header = request.headers['x-parley-signature'];
      const signature = typeof header === 'string' ? header : '';
      const verified = await verifyWebhookSignature(rawBody, signature, state.secret);
      const payload = JSON.parse(rawBody.toString('utf8')) as {
        event: string;
        data: Record<string, unknown>;
      };
      state.deliveries.push({
        event: payload.event,
        eventId: String(request.headers['x-parley-event-id']),
        rawBody,
        signature,
        verified,
        data: payload.data,
      });
      response.statusCode = verified ? 200 : 401;
      response.end(verified ? 'ok' : 'Invalid signature');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/parley-events`,
    state,
    async waitFor(predicate: (delivery: ReceivedDelivery) => boolean): Promise<ReceivedDelivery> {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const found = state.deliveries.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no such delivery; got ${state.deliveries.map((item) => item.event).join(', ')}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A two-page shipping guide; only page 2 says when parcels leave. */
export async function shippingGuidePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of [
    'Acme shipping guide. How parcels travel from Acme to you.',
    'Dispatch: parcels leave the warehouse within two business days of payment.',
  ]) {
    pdf.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 11, font });
  }
  return pdf.save();
}

export async function rejection(promise: Promise<unknown>): Promise<ParleyApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ParleyApiError)) throw new Error(`expected a ParleyApiError, got ${String(error)}`);
  return error;
}
