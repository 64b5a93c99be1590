/**
 * A fake of Slack's Socket Mode endpoint: the WebSocket URL `apps.connections.open`
 * hands out. It speaks just enough RFC 6455 (handshake, unfragmented text, ping,
 * pong, close) to say `hello`, push envelopes (`events_api`, `interactive`) the way
 * Slack does, and record the acknowledgements (`{envelope_id, payload?}`) that come back.
 */
import crypto from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SlackSocketServer {
  url: string;
  /** Acknowledgements received, by envelope id. */
  acks: Map<string, Record<string, unknown>>;
  /** Resolves once a client is connected and greeted with `hello`. */
  connected(timeoutMs?: number): Promise<void>;
  /** Pushes an envelope to the connected client; resolves with its envelope id. */
  push(type: 'events_api' | 'interactive', payload: Record<string, unknown>): string;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export async function startSlackSocketServer(appId = 'A0PARLEYAPP'): Promise<SlackSocketServer> {
  const acks = new Map<string, Record<string, unknown>>();
  let socket: Duplex | null = null;
  const sockets = new Set<Duplex>();
  const server = createServer((_request, response) => {
    response.statusCode = 426;
    response.end();
  });
  server.on('upgrade', (request: IncomingMessage, upgraded: Duplex) => {
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      upgraded.destroy();
      return;
    }
    const accept = crypto
      .createHash('sha1')
      .update(key + guid)
      .digest('base64');
    upgraded.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(upgraded);
    socket = upgraded;
    let buffered = Buffer.alloc(0);
    upgraded.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = readFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.length);
        if (frame.opcode === 0x1) {
          const message = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
          if (typeof message.envelope_id === 'string') acks.set(message.envelope_id, message);
        } else if (frame.opcode === 0x9) {
          upgraded.write(writeFrame(0xa, frame.payload));
        } else if (frame.opcode === 0x8) {
          upgraded.end(writeFrame(0x8, frame.payload.subarray(0, 2)));
          sockets.delete(upgraded);
          if (socket === upgraded) socket = null;
        }
      }
    });
    upgraded.on('error', () => {});
    upgraded.on('close', () => {
      sockets.delete(upgraded);
      if (socket === upgraded) socket = null;
    });
    send(upgraded, {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'applink-parley-test', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: appId },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitUntil = async <T>(check: () => T | undefined | null, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=parley-test&app_id=${appId}`,
    acks,
    async connected(timeoutMs = 10_000) {
      await waitUntil(() => socket, timeoutMs, 'a Socket Mode client');
    },
    push(type, payload) {
      if (!socket) throw new Error('no Socket Mode client is connected');
      const envelopeId = crypto.randomUUID();
      send(socket, {
        envelope_id: envelopeId,
        payload,
        type,
        accepts_response_payload: type === 'interactive',
        ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
      });
      return envelopeId;
    },
    waitForAck(envelopeId, timeoutMs = 10_000) {
      return waitUntil(() => acks.get(envelopeId), timeoutMs, `the ack of ${envelopeId}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const open of sockets) open.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(socket: Duplex, message: Record<string, unknown>): void {
  socket.write(writeFrame(0x1, Buffer.from(JSON.stringify(message), 'utf8')));
}

/** A server frame: final, unmasked. */
function writeFrame(opcode: number, payload: Buffer): Buffer {
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([0x80 | opcode, payload.length]);
  } else if (payload.length < 65_536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** A client frame (masked), or null until it has all arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (data.length < 2) return null;
  const opcode = (data[0] ?? 0) & 0x0f;
  const masked = ((data[1] ?? 0) & 0x80) !== 0;
  let length = (data[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const mask = masked ? data.subarray(offset, offset + 4) : null;
  if (masked) offset += 4;
  if (data.length < offset + length) return null;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (mask)
    for (let index = 0; index < payload.length; index += 1)
      payload[index] = (payload[index] ?? 0) ^ (mask[index % 4] ?? 0);
  return { opcode, payload, length: offset + length };
}
