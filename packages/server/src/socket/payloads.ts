/** The payloads of the client's Socket.IO messages live in the wire contract; this keeps the socket's imports short. */
export * from '@parley/contract/socket';
