package dev.beacon.restclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

import dev.beacon.credential.AccessKey;
import dev.beacon.credential.EntraCredential;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.system.ServiceUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the key for client tokens when Beacon signs in with Microsoft Entra ID: the
 * service hands it to the identity at {@code GET /api/v1/auth/accessKey} (the SDK's
 * {@code MicrosoftEntraAccessKey}; no query, the Entra token as bearer) as
 * {@code {"KeyId": ..., "AccessKey": ...}}. The first fetch starts with Beacon, in the
 * background, so startup never waits for the network; afterwards the credential says when
 * the next one is due. A failure is kept, without secrets, for negotiate's 503 and for
 * health.
 */
final class AccessKeySynchronizer implements SmartLifecycle {

	static final String PATH = "/api/v1/auth/accessKey";

	/** Far more than a key's answer; an answer longer is cut there and fails to parse. */
	static final int MAX_ANSWER = 64 * 1024;

	private static final Log logger = LogFactory.getLog(AccessKeySynchronizer.class);

	private static final long CHECK_EVERY_MILLIS = 1000;

	private final DataPlane dataPlane;

	private final ServiceEndpointProvider endpoints;

	private final JsonMapper jsonMapper;

	private final MeterRegistry meterRegistry;

	private final PeriodicTask task = new PeriodicTask("beacon-access-key");

	AccessKeySynchronizer(DataPlane dataPlane, ServiceEndpointProvider endpoints, JsonMapper jsonMapper,
			MeterRegistry meterRegistry) {
		this.dataPlane = dataPlane;
		this.endpoints = endpoints;
		this.jsonMapper = jsonMapper;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void start() {
		if (this.endpoints.all().stream().anyMatch((endpoint) -> endpoint.credential() instanceof EntraCredential)) {
			this.task.start(0, CHECK_EVERY_MILLIS, this::fetchDue);
		}
	}

	@Override
	public void stop() {
		this.task.stop();
	}

	@Override
	public boolean isRunning() {
		return this.task.isRunning();
	}

	/** Fetches the key of every Entra endpoint whose key is due; never throws. */
	void fetchDue() {
		for (ServiceEndpoint endpoint : this.endpoints.all()) {
			try {
				if (endpoint.credential() instanceof EntraCredential entra && entra.keyDue()) {
					fetch(endpoint, entra);
				}
			}
			catch (RuntimeException ex) {
				logger.warn(
						"Could not check the signing key of " + endpoint.name() + ": " + ex.getClass().getSimpleName());
			}
		}
	}

	private void fetch(ServiceEndpoint endpoint, EntraCredential entra) {
		String outcome = "error";
		try {
			HttpResponse<byte[]> answer = this.dataPlane.exchange("GET", URI.create(endpoint.serverBase() + PATH),
					endpoint, null, (headers) -> {
					}, MAX_ANSWER, null);
			AccessKey key = read(answer.statusCode(), answer.body(), entra);
			entra.keyFetched(key);
			outcome = "success";
			logger.info("Fetched the key for client tokens from " + endpoint.serverBase() + PATH);
		}
		catch (KeyRefusedException ex) {
			failed(endpoint, entra, ex.getMessage());
			outcome = ex.outcome;
		}
		catch (ServiceUnavailableException ex) {
			failed(endpoint, entra, ex.getMessage());
			outcome = "no_token";
		}
		catch (IOException ex) {
			failed(endpoint, entra, "SignalR Service could not be reached at " + endpoint.serverBase() + " ("
					+ entra.describe(ex) + ")");
			outcome = "unreachable";
		}
		finally {
			this.meterRegistry.counter("beacon.signalr.access-key.fetches", "outcome", outcome).increment();
		}
	}

	private void failed(ServiceEndpoint endpoint, EntraCredential entra, String reason) {
		entra.keyFailed(reason);
		logger.warn("Could not fetch the key for client tokens from " + endpoint.serverBase() + PATH + ": " + reason
				+ "; negotiate answers 503 until a key is fetched");
	}

	private AccessKey read(int status, byte[] body, EntraCredential entra) {
		if (status == 200) {
			JsonNode answer;
			try {
				answer = this.jsonMapper.readTree(body);
			}
			catch (JacksonException ex) {
				throw new KeyRefusedException("invalid", "SignalR Service's access-key answer is not JSON");
			}
			String keyId = answer.path("KeyId").asString(null);
			String value = answer.path("AccessKey").asString(null);
			if (keyId == null || keyId.isEmpty() || value == null) {
				throw new KeyRefusedException("invalid", "SignalR Service's access-key answer has no KeyId or "
						+ "AccessKey: is the endpoint a SignalR Service?");
			}
			try {
				return new AccessKey(value, keyId);
			}
			catch (IllegalArgumentException ex) {
				throw new KeyRefusedException("invalid", "SignalR Service answered a key too short for HS256");
			}
		}
		String who = entra.identity().describe();
		throw switch (status) {
			case 401 -> new KeyRefusedException("unauthorized", "SignalR Service did not accept the Microsoft "
					+ "Entra token of " + who + " (401): is it a token for this tenant and resource?");
			case 403 -> new KeyRefusedException("forbidden", who + " may not use SignalR Service's access-key API "
					+ "(403): give it the \"SignalR Service Owner\" role on the resource (\"SignalR REST API Owner\" "
					+ "covers publishing but not negotiate)");
			case 404 -> new KeyRefusedException("not_found", "SignalR Service has no access-key API at this "
					+ "endpoint (404): check Endpoint and ServerEndpoint in the connection string");
			default -> new KeyRefusedException("rejected", "SignalR Service's access-key API answered " + status);
		};
	}

	/** The service answered, but with no usable key. */
	private static final class KeyRefusedException extends RuntimeException {

		private final String outcome;

		private final String message;

		KeyRefusedException(String outcome, String message) {
			super(message, null, false, false);
			this.outcome = outcome;
			this.message = message;
		}

		@Override
		public String getMessage() {
			return this.message;
		}

	}

}
