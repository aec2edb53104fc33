package dev.beacon.local.upstreamclient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.beacon.local.hub.LocalConnection;
import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;

/**
 * What a client gets back for a blocking invocation the upstream answered: the upstream's
 * framed Completion as it came, an empty result, or an error.
 */
final class UpstreamCompletions {

	private UpstreamCompletions() {
	}

	/**
	 * The upstream's 200 body is already a framed Completion in the client's protocol,
	 * written to the client as it came.
	 */
	static HubPayload of(HubProtocol protocol, String id, HttpResponse<byte[]> response) {
		int status = response.statusCode();
		byte[] body = response.body();
		if (status == 200 && body.length > 0) {
			return protocol.binary() ? new HubPayload.Binary(body)
					: new HubPayload.Text(new String(body, StandardCharsets.UTF_8));
		}
		if (status == 200 || status == 204) {
			return protocol.completion(id);
		}
		return protocol.completionError(id, "Invocation failed, status code " + status);
	}

	/** Invocations come only after the handshake chose the connection's protocol. */
	static HubProtocol spoken(LocalConnection connection) {
		HubProtocol protocol = connection.protocol();
		if (protocol == null) {
			throw new IllegalStateException("No hub protocol before the handshake");
		}
		return protocol;
	}

}
