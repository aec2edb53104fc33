// The official @microsoft/signalr client in Node, pointed at Beacon's /api exactly as a
// front end would be, over each transport the local service offers.
// Env: BEACON_URL (a running Beacon in local mode), BEACON_API_KEY.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";

const base = process.env.BEACON_URL;
const apiKey = process.env.BEACON_API_KEY;

async function api(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json", "X-API-Key": apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

async function connect(transport) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/api`, { transport })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = [];
  connection.on("hello", (text) => { received.push(text); });
  connection.on("statusUpdate", (event) => { received.push(`status:${event.status}`); });
  await connection.start();
  return { connection, received };
}

async function eventually(check, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const transports = {
  WebSockets: signalR.HttpTransportType.WebSockets,
  ServerSentEvents: signalR.HttpTransportType.ServerSentEvents,
  LongPolling: signalR.HttpTransportType.LongPolling,
};

for (const [name, transport] of Object.entries(transports)) {
  test(`${name}: group, excluded and connection messages reach exactly the right clients`, async () => {
    const a = await connect(transport);
    const b = await connect(transport);
    try {
      const group = `js-${name}-${Date.now()}`;
      await api("PUT", `/api/hubs/notifications/groups/${group}/connections/${a.connection.connectionId}`);

      await api("POST", "/api/hubs/notifications/messages", { target: "hello", arguments: ["to-group"], groupName: group });
      await api("POST", "/api/hubs/notifications/messages",
        { target: "hello", arguments: ["to-all-but-a"], excluded: [a.connection.connectionId] });
      await api("POST", "/api/hubs/notifications/messages",
        { target: "hello", arguments: ["to-b"], connectionId: b.connection.connectionId });
      await api("POST", "/api/status", { status: "degraded", message: `from ${name}` });

      await eventually(() => a.received.includes("status:degraded") && b.received.includes("status:degraded"));
      assert.deepEqual(a.received.filter((m) => m.startsWith("to-")), ["to-group"]);
      assert.deepEqual(b.received.filter((m) => m.startsWith("to-")), ["to-all-but-a", "to-b"]);
    } finally {
      await a.connection.stop();
      await b.connection.stop();
    }
  });
}
