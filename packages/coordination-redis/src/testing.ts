/** `@parley/coordination-redis/testing`: a Redis server of a test's own, and a key prefix per test run removed afterwards. */

export { freePort, TestRedisServer } from './test-redis-server.js';
export { keysWithTtl, removeKeys, sharedRedisUrl, testPrefix } from './test-support.js';
