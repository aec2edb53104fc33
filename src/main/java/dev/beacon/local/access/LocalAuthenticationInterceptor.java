package dev.beacon.local.access;

import dev.beacon.protocol.InvalidNameException;
import dev.beacon.protocol.Names;
import dev.beacon.protocol.RestAudience;
import io.jsonwebtoken.Claims;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the token of every local-service request from its headers and query alone,
 * before any body is read: under {@code /client} a client token for the request's hub
 * (hub and claims are kept for the controllers), under {@code /api} a REST token whose
 * audience is the request's path.
 */
public final class LocalAuthenticationInterceptor implements HandlerInterceptor {

	private static final String HUB_ATTRIBUTE = LocalAuthenticationInterceptor.class.getName() + ".hub";

	private static final String CLAIMS_ATTRIBUTE = LocalAuthenticationInterceptor.class.getName() + ".claims";

	private final LocalTokens tokens;

	private final String clientPath;

	private final String restPath;

	private final int prefixLength;

	public LocalAuthenticationInterceptor(LocalTokens tokens, String prefix) {
		this.tokens = tokens;
		this.clientPath = prefix + "/client";
		this.restPath = prefix + "/api/";
		this.prefixLength = prefix.length();
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			// The request was checked on its way in; an async dispatch only writes the
			// answer of a call that waited (a client result).
			return true;
		}
		String path = request.getRequestURI();
		if (path.startsWith(this.clientPath)) {
			String hub = queryHub(request);
			request.setAttribute(CLAIMS_ATTRIBUTE, this.tokens.client(LocalTokens.bearer(request), hub));
			request.setAttribute(HUB_ATTRIBUTE, hub);
		}
		else if (path.startsWith(this.restPath)) {
			this.tokens.rest(LocalTokens.bearer(request), path.substring(this.prefixLength),
					RestAudience.signedQuery(request.getQueryString()));
		}
		return true;
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
