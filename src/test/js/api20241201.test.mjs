// The 2024-12-01 features through Beacon in local mode, with the official @microsoft/signalr
// client in Node, in JSON and MessagePack, over WebSockets and long polling:
// - client results: a handler's value (a Promise too), its error, no handler, a handler that
//   never answers, a client that leaves mid-call;
// - streams: connection.stream() of a @HubMethod returning a java.util.stream.Stream, 1,000
//   items in order, and a cancelled stream whose producer stops;
// - filtered sends and commands and group listing across JSON and MessagePack clients.
// Env: BEACON_URL (local mode, easy-auth user ids, hub methods counter/endless/produced),
// BEACON_API_KEY.
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
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, text };
}

async function connect(transport, messagePack, user) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/api`, { transport, headers: user ? { "X-MS-CLIENT-PRINCIPAL-ID": user } : {} })
    .configureLogging(signalR.LogLevel.None);
  if (messagePack) builder.withHubProtocol(new MessagePackHubProtocol());
  const connection = builder.build();
  await connection.start();
  return connection;
}

function invoke(connection, target, args, timeout = "5s") {
  return api("POST", `/api/hubs/notifications/connections/${connection.connectionId}/invoke?timeout=${timeout}`,
    { target, arguments: args });
}

const kinds = [
  ["WebSockets", signalR.HttpTransportType.WebSockets, false],
  ["WebSockets MessagePack", signalR.HttpTransportType.WebSockets, true],
  ["LongPolling", signalR.HttpTransportType.LongPolling, false],
  ["LongPolling MessagePack", signalR.HttpTransportType.LongPolling, true],
];

for (const [name, transport, messagePack] of kinds) {
  test(`${name}: client results answer the value, the error, no handler, the timeout and a client that leaves`,
    async () => {
      const client = await connect(transport, messagePack);
      try {
        client.on("confirm", (question, count) => ({ answer: `yes: ${question}`, count: count + 1, list: [1, "two"] }));
        client.on("later", async (value) => { await new Promise((resolve) => setTimeout(resolve, 50)); return value * 2; });
        client.on("refuse", () => { throw new Error("not now"); });
        client.on("never", () => new Promise(() => {}));

        const value = await invoke(client, "confirm", ["delete?", 41]);
        assert.equal(value.status, 200, value.text);
        assert.deepEqual(value.json.result, { answer: "yes: delete?", count: 42, list: [1, "two"] });

        const promised = await invoke(client, "later", [21]);
        assert.equal(promised.status, 200, promised.text);
        assert.equal(promised.json.result, 42);

        const refused = await invoke(client, "refuse", []);
        assert.equal(refused.status, 422, refused.text);
        assert.equal(refused.json.code, "Client.Error");
        assert.match(refused.json.detail, /not now/);

        const missing = await invoke(client, "missing", []);
        assert.equal(missing.status, 422, missing.text);
        assert.equal(missing.json.detail, "Client didn't provide a result.");

        const started = Date.now();
        const silent = await invoke(client, "never", [], "1s");
        assert.equal(silent.status, 504, silent.text);
        assert.equal(silent.json.code, "Client.Timeout");
        assert.ok(Date.now() - started < 4000, `timed out after ${Date.now() - started} ms`);
      } finally {
        await client.stop();
      }

      const leaving = await connect(transport, messagePack);
      leaving.on("leave", () => { setTimeout(() => leaving.stop(), 100); return new Promise(() => {}); });
      const left = await invoke(leaving, "leave", [], "20s");
      assert.equal(left.status, 410, left.text);
      assert.equal(left.json.code, "Connection.Closed");
    });

  test(`${name}: a stream of 1,000 items arrives in order, and a cancelled stream stops its producer`, async () => {
    const client = await connect(transport, messagePack);
    try {
      const items = await new Promise((resolve, reject) => {
        const received = [];
        client.stream("counter", 1000).subscribe({
          next: (item) => received.push(item),
          complete: () => resolve(received),
          error: reject,
        });
      });
      assert.equal(items.length, 1000);
      assert.deepEqual(items, Array.from({ length: 1000 }, (_, i) => i));

      const key = `${name}-${Date.now()}`;
      const seen = [];
      const subscription = client.stream("endless", key).subscribe({ next: (item) => seen.push(item), complete: () => {}, error: () => {} });
      const deadline = Date.now() + 5000;
      while (seen.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(seen.length >= 5, `only ${seen.length} items before cancelling`);
      subscription.dispose();
      const closedBy = Date.now() + 5000;
      let produced;
      do {
        await new Promise((resolve) => setTimeout(resolve, 50));
        produced = await client.invoke("produced", key);
      } while (!produced.closed && Date.now() < closedBy);
      assert.ok(produced.closed, `the producer of ${key} was not stopped: ${JSON.stringify(produced)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await client.invoke("produced", key);
      assert.equal(after.count, produced.count, "the producer went on after it was stopped");
    } finally {
      await client.stop();
    }
  });

  test(`${name}: a failing stream method ends the stream with its error`, async () => {
    const client = await connect(transport, messagePack);
    try {
      const failure = await new Promise((resolve) => {
        client.stream("broken").subscribe({ next: () => {}, complete: () => resolve(undefined), error: resolve });
      });
      assert.ok(failure, "the stream completed without an error");
      assert.match(String(failure), /broken on purpose/);
    } finally {
      await client.stop();
    }
  });
}

test("filtered sends, commands and group listing reach exactly the selected JSON and MessagePack clients", async () => {
  const alice = await connect(signalR.HttpTransportType.WebSockets, false, "alice");
  const bob = await connect(signalR.HttpTransportType.WebSockets, true, "bob");
  const carol = await connect(signalR.HttpTransportType.LongPolling, true, "carol");
  const clients = { alice, bob, carol };
  const received = { alice: [], bob: [], carol: [] };
  for (const [who, connection] of Object.entries(clients)) connection.on("note", (text) => received[who].push(text));
  const group = `js-${Date.now()}`;
  try {
    const join = await api("POST", "/api/hubs/notifications/commands",
      { filter: "userId eq 'alice' or userId eq 'bob'", commands: [{ type: "JoinGroup", group }] });
    assert.equal(join.status, 202, join.text);
    const sent = await api("POST", "/api/hubs/notifications/messages",
      { target: "note", arguments: ["to-group-but-bob"], filter: `'${group}' in groups and userId ne 'bob'` });
    assert.equal(sent.status, 202, sent.text);
    const command = await api("POST", "/api/hubs/notifications/commands", {
      filter: `startswith(userId, 'c') or '${group}' in groups`,
      commands: [{ type: "SendMessage", message: { target: "note", arguments: ["everyone-selected"] } }],
    });
    assert.equal(command.status, 202, command.text);
    await api("POST", "/api/hubs/notifications/messages", { target: "note", arguments: ["end"] });
    const deadline = Date.now() + 5000;
    while (Object.values(received).some((list) => !list.includes("end")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(received.alice, ["to-group-but-bob", "everyone-selected", "end"]);
    assert.deepEqual(received.bob, ["everyone-selected", "end"]);
    assert.deepEqual(received.carol, ["everyone-selected", "end"]);

    const members = [];
    let next = `/api/hubs/notifications/groups/${group}/connections?maxpagesize=1`;
    let pages = 0;
    while (next) {
      const page = await api("GET", next.replace(base, ""));
      assert.equal(page.status, 200, page.text);
      assert.ok(page.json.value.length <= 1);
      members.push(...page.json.value);
      next = page.json.nextLink;
      pages += 1;
      assert.ok(pages < 10, "more pages than members");
    }
    assert.deepEqual(members.map((member) => member.userId).sort(), ["alice", "bob"]);
    assert.deepEqual(members.map((member) => member.connectionId).sort(), [alice.connectionId, bob.connectionId].sort());

    const bad = await api("POST", "/api/hubs/notifications/commands", { filter: "userId eq", commands: [{ type: "LeaveGroup", group }] });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.json.detail, /filter/);
  } finally {
    await Promise.all(Object.values(clients).map((connection) => connection.stop()));
  }
});
