package dev.beacon.local.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.beacon.protocol.InvalidNameException;
import dev.beacon.protocol.Names;
import dev.beacon.protocol.RestAudience;
import dev.beacon.protocol.RestLimits;
import dev.beacon.system.Problems;
import io.jsonwebtoken.Claims;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Checks the token of every local-service request from its headers and query alone,
 * before any body is read: under {@code /client} a client token for the request's hub
 * (hub and claims are kept for the controllers), under {@code /api} a REST token whose
 * audience is the request's path. Which of the two a request is under is read from its
 * path as Spring MVC matches it to a controller, segment by segment and decoded, so a
 * segment written percent-encoded ({@code /local/%61pi/...}) is checked as what it is.
 */
public final class LocalAuthenticationInterceptor implements HandlerInterceptor {

	private static final String HUB_ATTRIBUTE = LocalAuthenticationInterceptor.class.getName() + ".hub";

	private static final String CLAIMS_ATTRIBUTE = LocalAuthenticationInterceptor.class.getName() + ".claims";

	private final LocalTokens tokens;

	private final String prefixPath;

	private final List<String> prefix;

	public LocalAuthenticationInterceptor(LocalTokens tokens, String prefix) {
		this.tokens = tokens;
		this.prefixPath = prefix;
		this.prefix = segments(PathContainer.parsePath(prefix));
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			// The request was checked on its way in; an async dispatch only writes the
			// answer of a call that waited (a client result).
			return true;
		}
		PathContainer path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()
				: RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
		List<String> segments = segments(path);
		String section = (segments.size() > this.prefix.size()
				&& segments.subList(0, this.prefix.size()).equals(this.prefix)) ? segments.get(this.prefix.size())
						: null;
		if ("client".equals(section)) {
			String hub = queryHub(request);
			request.setAttribute(CLAIMS_ATTRIBUTE, this.tokens.client(LocalTokens.bearer(request), hub));
			request.setAttribute(HUB_ATTRIBUTE, hub);
		}
		else if ("api".equals(section)) {
			// The audience is the path as sent, below the prefix: a token names the path
			// its caller sends, encoded as the service's clients encode it
			String below = path.subPath(2 * this.prefix.size()).value();
			refuseOversized(request, below);
			this.tokens.rest(LocalTokens.bearer(request), below, RestAudience.signedQuery(request.getQueryString()));
		}
		else {
			// Everything the local service serves is under /client or /api
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Not Found",
					"The local service serves only " + this.prefixPath + "/client and " + this.prefixPath + "/api"),
					null);
		}
		return true;
	}

	// The path's segments, decoded, as Spring MVC's patterns match them
	private static List<String> segments(PathContainer path) {
		List<String> segments = new ArrayList<>();
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment) {
				segments.add(segment.valueToMatch());
			}
		}
		return segments;
	}

	// The service's own limits (RestLimits), measured as it would: the path below the
	// local service's prefix, so both modes refuse the same requests
	private static void refuseOversized(HttpServletRequest request, String path) {
		String query = request.getQueryString();
		int line = RestLimits.requestLine(request.getMethod(), (query != null) ? path + "?" + query : path);
		if (line > RestLimits.MAX_REQUEST_LINE) {
			throw new ErrorResponseException(HttpStatus.URI_TOO_LONG,
					Problems.of(HttpStatus.URI_TOO_LONG, "URI Too Long", "The request line has " + line
							+ " bytes; the service reads at most " + RestLimits.MAX_REQUEST_LINE),
					null);
		}
		int headers = 0;
		for (String name : Collections.list(request.getHeaderNames())) {
			for (String value : Collections.list(request.getHeaders(name))) {
				headers += name.length() + 2 + value.length() + 2;
			}
		}
		if (headers > RestLimits.MAX_HEADERS) {
			throw new ErrorResponseException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, Problems.of(
					HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request Header Fields Too Large",
					"The headers have " + headers + " bytes; the service reads at most " + RestLimits.MAX_HEADERS),
					null);
		}
	}

	/**
	 * The hub a client request is for, checked with its token.
	 * @param request a request under {@code /client}
	 * @return the lower-cased hub
	 */
	public static String hub(HttpServletRequest request) {
		return (String) request.getAttribute(HUB_ATTRIBUTE);
	}

	/**
	 * The claims of a client request's token.
	 * @param request a request under {@code /client}
	 * @return the claims
	 */
	public static Claims claims(HttpServletRequest request) {
		return (Claims) request.getAttribute(CLAIMS_ATTRIBUTE);
	}

	private static String queryHub(HttpServletRequest request) {
		String[] hubs = request.getParameterValues("hub");
		if (hubs == null || hubs.length != 1) {
			throw new InvalidNameException("hub", "exactly one hub query parameter is required");
		}
		return Names.hub(hubs[0]);
	}

}
