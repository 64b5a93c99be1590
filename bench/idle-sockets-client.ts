/**
 * One client process of `bench/idle-sockets.ts`: opens `BENCH_CLIENT_SOCKETS` Socket.IO connections
 * the way the widget does (`packages/widget/src/controllers/connection-controller.ts`: the site's
 * origin, `auth: {key}` with the publishable key, WebSocket first), each its own connection as each
 * visitor's browser has, `BENCH_CLIENT_PARALLEL` handshakes at a time; then holds them open, sending
 * nothing (Socket.IO's pings are answered by the client library). Every 100 sockets come from another
 * visitor address (`x-forwarded-for`, which the node trusts from loopback with
 * `PARLEY_TRUST_PROXY=loopback`, as it trusts nginx), since one address may open 120 a minute.
 * Prints `OPENED <opened> <failed> <ms> <first error>` once done, then `STATUS <connected> <disconnects>`
 * every 2 s until it is stopped (SIGTERM).
 */
import { io, type Socket } from 'socket.io-client';

const url = process.env.BENCH_CLIENT_URL ?? '';
const key = process.env.BENCH_CLIENT_KEY ?? '';
const origin = process.env.BENCH_CLIENT_ORIGIN ?? url;
const count = Number(process.env.BENCH_CLIENT_SOCKETS ?? 0);
const parallel = Number(process.env.BENCH_CLIENT_PARALLEL ?? 20);
const addressBlock = Number(process.env.BENCH_CLIENT_INDEX ?? 0);
const socketsPerAddress = 100;

const sockets: Socket[] = [];
let disconnects = 0;
let failed = 0;
let firstError = '';

function visitorAddress(index: number): string {
  const visitor = Math.floor(index / socketsPerAddress);
  return `10.${addressBlock % 256}.${Math.floor(visitor / 256) % 256}.${visitor % 256}`;
}

function open(index: number): Promise<void> {
  const socket = io(url, {
    path: '/socket.io',
    auth: { key },
    transports: ['websocket', 'polling'],
    extraHeaders: { origin, 'x-forwarded-for': visitorAddress(index) },
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      sockets.push(socket);
      socket.once('disconnect', () => {
        disconnects += 1;
      });
      resolve();
    });
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      failed += 1;
      firstError ||= `${error.data?.code ?? ''} ${error.message}`.trim();
      socket.close();
      resolve();
    });
  });
}

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) await open(next++);
  }),
);
process.stdout.write(
  `OPENED ${sockets.length} ${failed} ${Math.round(performance.now() - started)} ${firstError.replace(/\s+/g, '_') || '-'}\n`,
);
setInterval(() => {
  const connected = sockets.filter((socket) => socket.connected).length;
  process.stdout.write(`STATUS ${connected} ${disconnects}\n`);
}, 2_000);
process.once('SIGTERM', () => {
  for (const socket of sockets) socket.close();
  process.exit(0);
});
