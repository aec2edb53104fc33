// Beacon status page: one SignalR connection to /api, status updates merged with the
// server's history on every (re)connect so nothing sent while away is missed.
"use strict";

(() => {
  const HISTORY_LIMIT = 50;
  const KNOWN_STATUSES = ["operational", "degraded", "outage", "maintenance"];
  const statusEvents = new Map(); // id -> event: merging by id means no duplicates
  const $ = (id) => document.getElementById(id);

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/api")
    // Keep trying forever (the default gives up after four attempts), backing off to 30 s.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(30000, 1000 * 2 ** ctx.previousRetryCount) })
    .build();

  connection.on("statusUpdate", (event) => {
    addStatusEvents([event]);
    acknowledge(event.id);
  });
  connection.on("newMessage", (message) => addMessage(message));
  connection.onreconnecting(() => showConnection("reconnecting", "Reconnecting…"));
  connection.onreconnected(() => connected());
  connection.onclose(() => {
    showConnection("disconnected", "Disconnected");
    if (!stoppedOnPurpose) setTimeout(start, 5000);
  });

  let stoppedOnPurpose = false;

  async function start() {
    stoppedOnPurpose = false;
    showConnection("connecting", "Connecting…");
    try {
      await connection.start();
      await connected();
    } catch (error) {
      showConnection("disconnected", "Disconnected, retrying…");
      setTimeout(start, 5000);
    }
  }

  async function stop() {
    stoppedOnPurpose = true;
    await connection.stop();
  }

  async function connected() {
    showConnection("connected", "Connected");
    // The service reports a connection to Beacon a moment after it is made.
    setTimeout(showPresence, 1000);
    try {
      const [current, history] = await Promise.all([getJson("/api/status"), getJson(`/api/status/history?limit=${HISTORY_LIMIT}`)]);
      addStatusEvents([current, ...history]);
    } catch (error) {
      console.warn("Could not load status history", error);
    }
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  function addStatusEvents(events) {
    for (const event of events) {
      if (event && event.status) statusEvents.set(event.id ?? `${event.timestamp}|${event.status}`, event);
    }
    const newestFirst = [...statusEvents.values()].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    renderCurrent(newestFirst[0]);
    renderList($("events"), $("events-empty"), newestFirst, statusItem);
  }

  function renderCurrent(event) {
    if (!event) return;
    $("current").dataset.status = tone(event.status);
    $("current-status").textContent = event.status;
    $("current-message").textContent = event.message ?? "";
    setTime($("current-time"), event.timestamp);
  }

  function statusItem(event) {
    const item = document.createElement("li");
    item.dataset.id = event.id ?? "";
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.dataset.status = tone(event.status);
    badge.textContent = event.status;
    const message = document.createElement("p");
    message.textContent = event.message ?? "";
    item.append(badge, message, timeElement(event.timestamp));
    return item;
  }

  const messages = [];

  function addMessage(message) {
    messages.unshift({ ...message, timestamp: new Date().toISOString() });
    messages.length = Math.min(messages.length, 100);
    renderList($("messages"), $("messages-empty"), messages, messageItem);
  }

  function messageItem(message) {
    const item = document.createElement("li");
    const who = document.createElement("strong");
    who.textContent = message.userId || "anonymous";
    const text = document.createElement("p");
    text.textContent = message.text;
    item.append(who, text, timeElement(message.timestamp));
    return item;
  }

  function renderList(list, empty, items, render) {
    list.replaceChildren(...items.map(render));
    empty.hidden = items.length > 0;
  }

  function tone(status) {
    return KNOWN_STATUSES.includes(status) ? status : "unknown";
  }

  function timeElement(timestamp) {
    const time = document.createElement("time");
    setTime(time, timestamp);
    return time;
  }

  function setTime(time, timestamp) {
    time.dateTime = timestamp ?? "";
    time.title = timestamp ? new Date(timestamp).toLocaleString() : "";
    time.textContent = timestamp ? relative(timestamp) : "";
  }

  function relative(timestamp) {
    const seconds = Math.round((Date.now() - Date.parse(timestamp)) / 1000);
    if (seconds < 10) return "just now";
    if (seconds < 60) return `${seconds} s ago`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
    return new Date(timestamp).toLocaleDateString();
  }

  function showConnection(state, text) {
    $("connection").dataset.state = state;
    $("connection-text").textContent = text;
  }

  let presencePath = null;
  let inbox = false;
  const toAcknowledge = new Set();

  // With the inbox on, a status sent to this user is kept until acknowledged: ack what
  // was shown (acks of broadcasts remove nothing), in one call per burst.
  function acknowledge(id) {
    if (!inbox || !id) return;
    if (toAcknowledge.size === 0) {
      setTimeout(async () => {
        const ids = [...toAcknowledge];
        toAcknowledge.clear();
        try {
          await connection.invoke("ack", ids);
        } catch (error) {
          console.warn("Could not acknowledge", error);
        }
      }, 0);
    }
    toAcknowledge.add(id);
  }

  // "N connected": the public count of the page's hub, when the server offers it.
  async function showPresence() {
    if (!presencePath) return;
    try {
      const { connections } = await getJson(presencePath);
      $("presence-count").textContent = connections;
      $("presence").hidden = false;
    } catch (error) {
      $("presence").hidden = true;
    }
  }

  async function setUpSending() {
    let config;
    try {
      config = await getJson("/api/client-config");
    } catch (error) {
      return;
    }
    inbox = config.inbox;
    if (config.presenceCount) {
      presencePath = `/api/hubs/${encodeURIComponent(config.hub)}/presence/count`;
      showPresence();
      setInterval(showPresence, 10000);
    }
    if (!config.broadcastEnabled) return;
    const form = $("send-form");
    form.hidden = false;
    form.addEventListener("submit", async (submit) => {
      submit.preventDefault();
      $("send-error").textContent = "";
      try {
        await connection.invoke("broadcast", $("send-text").value);
        $("send-text").value = "";
      } catch (error) {
        $("send-error").textContent = `Not sent: ${error.message}`;
      }
    });
  }

  // Relative times age: refresh them every 15 s.
  setInterval(() => document.querySelectorAll("time[datetime]").forEach((t) => setTime(t, t.dateTime || null)), 15000);

  // For people poking at the page from the console, and for the browser test.
  window.beacon = { connection, start, stop };
  // The configuration first: a status replayed from the inbox right after connecting must
  // find the page knowing that it acknowledges.
  setUpSending().finally(start);
})();
