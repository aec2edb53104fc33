package dev.beacon.local.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalConnection.ConnectionInfo;
import dev.beacon.protocol.ClientClaims;
import io.jsonwebtoken.Claims;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;

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

	ClientNegotiateController(PendingConnections pending) {
		this.pending = pending;
	}

	@PostMapping({ "/negotiate", "/negotiate/" })
	Map<String, Object> negotiate(HttpServletRequest request, @RequestParam(defaultValue = "0") int negotiateVersion) {
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

}
