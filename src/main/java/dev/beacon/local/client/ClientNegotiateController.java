package dev.beacon.local.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalConnection.ConnectionInfo;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.protocol.ClientClaims;
import dev.beacon.system.Problems;
import io.jsonwebtoken.Claims;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST .../client/negotiate}, where the official clients go after following
 * Beacon's negotiate redirect: a connection ID and token, and the transports offered. The
 * client token was checked before this runs ({@link LocalAuthenticationInterceptor}).
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/client")
class ClientNegotiateController {

	private static final List<Map<String, Object>> TRANSPORTS = List.of(
			Map.of("transport", "WebSockets", "transferFormats", List.of("Text", "Binary")),
			Map.of("transport", "ServerSentEvents", "transferFormats", List.of("Text")),
			Map.of("transport", "LongPolling", "transferFormats", List.of("Text", "Binary")));

	private final PendingConnections pending;

	private final LocalHubs hubs;

	private final int maxConnections;

	ClientNegotiateController(PendingConnections pending, LocalHubs hubs, int maxConnections) {
		this.pending = pending;
		this.hubs = hubs;
		this.maxConnections = maxConnections;
	}

	@PostMapping({ "/negotiate", "/negotiate/" })
	Map<String, Object> negotiate(HttpServletRequest request, @RequestParam(defaultValue = "0") int negotiateVersion) {
		if (this.hubs.draining()) {
			throw unavailable("This replica is shutting down; connect again to reach another");
		}
		if (this.maxConnections > 0 && this.hubs.all().size() >= this.maxConnections) {
			throw unavailable("This replica holds its most connections (beacon.local.max-connections); "
					+ "connect again to reach another");
		}
		String hub = LocalAuthenticationInterceptor.hub(request);
		Claims claims = LocalAuthenticationInterceptor.claims(request);
		String connectionId = PendingConnections.randomId();
		String connectionToken = this.pending.connectionToken(connectionId, hub);
		int version = Math.min(Math.max(negotiateVersion, 0), 1);
		String id = (version >= 1) ? connectionToken : connectionId;
		this.pending.add(id,
				new ConnectionInfo(connectionId, id, hub, ClientClaims.userId(claims), Map.copyOf(claims), ""));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("negotiateVersion", version);
		response.put("connectionId", connectionId);
		if (version >= 1) {
			response.put("connectionToken", connectionToken);
		}
		response.put("availableTransports", TRANSPORTS);
		return response;
	}

	private static ErrorResponseException unavailable(String detail) {
		ErrorResponseException refused = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Replica unavailable", detail), null);
		refused.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		return refused;
	}

}
