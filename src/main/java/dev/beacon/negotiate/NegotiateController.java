package dev.beacon.negotiate;

import java.net.URI;

import dev.beacon.endpoint.Hubs;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The endpoint SignalR clients start at. A client built with
 * {@code .withUrl("<beacon>/api")} POSTs {@code /api/negotiate?negotiateVersion=1} and
 * follows the returned {@code url} with the returned {@code accessToken}.
 */
@RestController
class NegotiateController {

	private final NegotiateService negotiateService;

	private final EasyAuthIdentityResolver identityResolver;

	private final Hubs hubs;

	NegotiateController(NegotiateService negotiateService, EasyAuthIdentityResolver identityResolver, Hubs hubs) {
		this.negotiateService = negotiateService;
		this.identityResolver = identityResolver;
		this.hubs = hubs;
	}

	@RequestMapping(path = "/api/negotiate", method = { RequestMethod.GET, RequestMethod.POST },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<NegotiateResponse> negotiate(HttpServletRequest request) {
		return negotiate(this.hubs.defaultHub(), request);
	}

	@RequestMapping(path = "/api/hubs/{hub}/negotiate", method = { RequestMethod.GET, RequestMethod.POST },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<NegotiateResponse> negotiate(@PathVariable String hub, HttpServletRequest request) {
		String knownHub = this.hubs.require(hub);
		ClientIdentity identity = this.identityResolver.resolve(request);
		NegotiateResponse response = this.negotiateService.negotiate(knownHub, origin(request), identity);
		// The body holds a bearer token: no cache may keep it.
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response);
	}

	private static URI origin(HttpServletRequest request) {
		return ServletUriComponentsBuilder.fromContextPath(request)
			.replacePath(null)
			.replaceQuery(null)
			.build()
			.toUri();
	}

}
