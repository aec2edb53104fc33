package dev.beacon.negotiate;

import java.net.URI;

import dev.beacon.endpoint.Hubs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint SignalR clients start at. A client built with
 * {@code .withUrl("<beacon>/api")} POSTs {@code /api/negotiate?negotiateVersion=1} and
 * follows the returned {@code url} with the returned {@code accessToken}.
 */
@RestController
class NegotiateController {

	private static final String NO_STORE = "no-store";

	private final NegotiateService negotiateService;

	private volatile @Nullable Origin lastOrigin;

	private final EasyAuthIdentityResolver identityResolver;

	private final Hubs hubs;

	NegotiateController(NegotiateService negotiateService, EasyAuthIdentityResolver identityResolver, Hubs hubs) {
		this.negotiateService = negotiateService;
		this.identityResolver = identityResolver;
		this.hubs = hubs;
	}

	@RequestMapping(path = "/api/negotiate", method = { RequestMethod.GET, RequestMethod.POST },
			produces = MediaType.APPLICATION_JSON_VALUE)
	NegotiateResponse negotiate(HttpServletRequest request, HttpServletResponse response) {
		return negotiate(this.hubs.defaultHub(), request, response);
	}

	@RequestMapping(path = "/api/hubs/{hub}/negotiate", method = { RequestMethod.GET, RequestMethod.POST },
			produces = MediaType.APPLICATION_JSON_VALUE)
	NegotiateResponse negotiate(@PathVariable String hub, HttpServletRequest request, HttpServletResponse response) {
		String knownHub = this.hubs.require(hub);
		ClientIdentity identity = this.identityResolver.resolve(request);
		NegotiateResponse negotiated = this.negotiateService.negotiate(knownHub, origin(request), identity);
		// The body holds a bearer token: no cache may keep it. Set directly rather than
		// through ResponseEntity, whose header handling measured 20-30% of a negotiate.
		response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
		return negotiated;
	}

	/**
	 * Scheme, host and port as the client used them (Tomcat applies forwarded headers
	 * when configured to). Built directly and kept for the next request from the same
	 * origin: a URI builder here was 3% of negotiate's CPU, parsing the URI each time 2%.
	 */
	URI origin(HttpServletRequest request) {
		String scheme = request.getScheme();
		String host = request.getServerName();
		int port = request.getServerPort();
		Origin last = this.lastOrigin;
		if (last != null && last.port() == port && last.host().equals(host) && last.scheme().equals(scheme)) {
			return last.uri();
		}
		Origin origin = new Origin(scheme, host, port, origin(scheme, host, port));
		this.lastOrigin = origin;
		return origin.uri();
	}

	static URI origin(String scheme, String host, int port) {
		String bracketed = (host.indexOf(':') >= 0 && host.charAt(0) != '[') ? "[" + host + "]" : host;
		boolean defaultPort = port <= 0 || (port == 80 && "http".equals(scheme))
				|| (port == 443 && "https".equals(scheme));
		return URI.create(scheme + "://" + bracketed + (defaultPort ? "" : ":" + port));
	}

	private record Origin(String scheme, String host, int port, URI uri) {
	}

}
