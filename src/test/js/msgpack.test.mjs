// The official @microsoft/signalr client in Node with @microsoft/signalr-protocol-msgpack,
// pointed at Beacon's /api as a front end that cares about payload size would be: it
// connects over WebSockets and long polling, receives what Beacon's API publishes (JSON,
// converted by the local service), invokes hub methods, and shares a group with a JSON
// client.
// Env: BEACON_URL (a running Beacon in local mode with beacon.negotiate.user-id-source=easy-auth
// and the test's hub methods add and refuse), BEACON_API_KEY.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const base = process.env.BEACON_URL;
const apiKey = process.env.BEACON_API_KEY;

async function api(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json", "X-API-Key": apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${await response.text()}`);
}

async function connect(transport, { messagePack = true, user } = {}) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/api`, { transport, headers: user ? { "X-MS-CLIENT-PRINCIPAL-ID": user } : {} })
    .configureLogging(signalR.LogLevel.Warning);
  if (messagePack) builder.withHubProtocol(new MessagePackHubProtocol());
  const connection = builder.build();
  const received = [];
  connection.on("hello", (...args) => { received.push(args); });
  await connection.start();
  return { connection, received };
}

async function eventually(check, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const transports = {
  WebSockets: signalR.HttpTransportType.WebSockets,
  LongPolling: signalR.HttpTransportType.LongPolling,
};

for (const [name, transport] of Object.entries(transports)) {
  test(`MessagePack over ${name}: a broadcast, a user send and a group send arrive with their types`, async () => {
    const user = `mp-${name}-${Date.now()}`;
    const client = await connect(transport, { user });
    try {
      assert.equal(client.connection.connection.transport.constructor.name, `${name === "WebSockets" ? "WebSocket" : "LongPolling"}Transport`);
      const group = `mp-group-${name}-${Date.now()}`;
      await api("PUT", `/api/hubs/notifications/groups/${group}/connections/${client.connection.connectionId}`);
      const payload = { n: 1, big: 9007199254740991, ratio: 2.5, ok: true, none: null, list: ["a", { deep: [1] }] };

      await api("POST", "/api/hubs/notifications/messages", { target: "hello", arguments: ["all", payload] });
      await api("POST", "/api/hubs/notifications/messages", { target: "hello", arguments: ["user"], userId: user });
      await api("POST", "/api/hubs/notifications/messages", { target: "hello", arguments: ["group", 7], groupName: group });

      await eventually(() => client.received.length >= 3);
      assert.deepEqual(client.received, [["all", payload], ["user"], ["group", 7]]);
    } finally {
      await client.connection.stop();
    }
  });

  test(`MessagePack over ${name}: invoke gets the hub method's result and its HubException message`, async () => {
    const client = await connect(transport);
    try {
      assert.equal(await client.connection.invoke("add", 2, 40), 42);
      assert.deepEqual(await client.connection.invoke("describe", { name: "pat", tags: ["a", "b"] }),
        { name: "pat", tagCount: 2 });
      await assert.rejects(client.connection.invoke("refuse", "no entry"), (error) => {
        assert.match(error.message, /HubException: refused: no entry/);
        return true;
      });
      await assert.rejects(client.connection.invoke("add", "x", {}), /Error binding arguments/);
    } finally {
      await client.connection.stop();
    }
  });
}

test("a JSON client and a MessagePack client in one group each get one group send once", async () => {
  const json = await connect(signalR.HttpTransportType.WebSockets, { messagePack: false });
  const binary = await connect(signalR.HttpTransportType.WebSockets);
  try {
    const group = `mixed-${Date.now()}`;
    for (const client of [json, binary]) {
      await api("PUT", `/api/hubs/notifications/groups/${group}/connections/${client.connection.connectionId}`);
    }

    await api("POST", "/api/hubs/notifications/messages",
      { target: "hello", arguments: ["mixed", { value: 1.5, text: "é ✓" }], groupName: group });

    await eventually(() => json.received.length >= 1 && binary.received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(json.received, [["mixed", { value: 1.5, text: "é ✓" }]]);
    assert.deepEqual(binary.received, [["mixed", { value: 1.5, text: "é ✓" }]]);
  } finally {
    await json.connection.stop();
    await binary.connection.stop();
  }
});

test("MessagePack is refused on Server-Sent Events, which carries text only", async () => {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/api`, { transport: signalR.HttpTransportType.ServerSentEvents })
    .withHubProtocol(new MessagePackHubProtocol())
    .configureLogging(signalR.LogLevel.None)
    .build();
  await assert.rejects(connection.start(), /ServerSentEvents.*(not supported|does not support)|Binary/i);
});
