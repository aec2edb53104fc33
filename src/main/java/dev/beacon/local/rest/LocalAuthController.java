package dev.beacon.local.rest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.protocol.ClientClaims;
import dev.beacon.protocol.Names;
import dev.beacon.token.AccessTokenIssuer;
import dev.beacon.credential.AccessKey;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Tokens of the local service's REST API: {@code :generateToken} mints a client token its
 * client endpoint accepts ({@code aud} the hub's client URL, {@code nameid} the user),
 * and {@code auth/accessKey} (2024-12-01 and the legacy v1 path the SDK calls) answers
 * the key those tokens are signed with, {@code AccessKey} and {@code KeyId} in Pascal
 * case as the SDK reads them. The caller already proved it holds that key: every call
 * here is signed with it.
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/api")
class LocalAuthController {

	/** The Swagger's default lifetime of a generated token. */
	static final int DEFAULT_MINUTES = 60;

	private final LocalServiceEndpointProvider endpoints;

	private final AccessTokenIssuer tokens;

	LocalAuthController(LocalServiceEndpointProvider endpoints, AccessTokenIssuer tokens) {
		this.endpoints = endpoints;
		this.tokens = tokens;
	}

	@PostMapping("/hubs/{hub}/:generateToken")
	public ResponseEntity<String> generateToken(@PathVariable String hub, HttpServletRequest request) {
		String name = Names.hub(hub);
		String userId = LocalRest.query(request, "userId");
		int minutes = minutes(LocalRest.query(request, "minutesToExpire"));
		URI origin = ServletUriComponentsBuilder.fromContextPath(request).replacePath(null).build().toUri();
		ServiceEndpoint endpoint = this.endpoints.forClient(origin);
		Map<String, Object> claims = (userId != null)
				? Map.of(ClientClaims.NAME_ID, ClientClaims.requireCarriable(ClientClaims.NAME_ID, Names.user(userId)))
				: Map.of();
		String token = this.tokens.issue(endpoint.credential().signingKey(), endpoint.clientUrl(name),
				Duration.ofMinutes(minutes), claims);
		return LocalRest.json(HttpStatus.OK, Map.of("token", token));
	}

	@GetMapping({ "/auth/accessKey", "/v1/auth/accessKey" })
	public ResponseEntity<String> accessKey() {
		return LocalRest.json(HttpStatus.OK, Map.of("AccessKey", this.endpoints.accessKey().value(), "KeyId", "local"));
	}

	private static int minutes(@Nullable String text) {
		if (text == null) {
			return DEFAULT_MINUTES;
		}
		try {
			int minutes = Integer.parseInt(text.strip());
			if (minutes >= 1 && minutes <= 60 * 24 * 365) {
				return minutes;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new InvalidMessageException("minutesToExpire must be a whole number of minutes from 1 to 525600");
	}

}
