// The tutorial's WebSocket server, as its assignment describes it: a client
// sends one message with its user id; the server subscribes to Redis and
// sends each user the events published for it, and every broadcast to all.
// Node `ws` + node-redis, the reference bench/gateway measures verdict against.
// It answers the identify message with {"type":"ready"} so that the same load
// client can drive both servers. Usage: node tutorial-gateway.js PORT REDIS_URL
'use strict';
const { WebSocketServer } = require('ws');
const { createClient } = require('redis');

const port = Number(process.argv[2]);
const redisUrl = process.argv[3];
const users = new Map(); // userId -> Set of sockets

async function main() {
  const sub = createClient({ url: redisUrl });
  await sub.connect();
  await sub.subscribe('problem_done', (message) => {
    let userId;
    try {
      userId = JSON.parse(message).userId;
    } catch {
      return;
    }
    const set = users.get(String(userId));
    if (set) for (const ws of set) ws.send(message);
  });
  await sub.subscribe('broadcast', (message) => {
    for (const set of users.values()) for (const ws of set) ws.send(message);
  });
  const wss = new WebSocketServer({ port, host: '127.0.0.1', backlog: 4096 });
  wss.on('connection', (ws) => {
    let userId = null;
    ws.on('message', (data) => {
      if (userId !== null) return;
      try {
        userId = String(JSON.parse(data.toString()).userId);
      } catch {
        ws.close(1003, 'not JSON');
        return;
      }
      if (!users.has(userId)) users.set(userId, new Set());
      users.get(userId).add(ws);
      ws.send(JSON.stringify({ type: 'ready', userId }));
    });
    ws.on('close', () => {
      const set = userId !== null && users.get(userId);
      if (set) {
        set.delete(ws);
        if (set.size === 0) users.delete(userId);
      }
    });
  });
  wss.on('listening', () => console.error(`listening on ws://127.0.0.1:${port}`));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
