package dev.beacon.local;

import dev.beacon.protocol.RestAudience;
import io.jsonwebtoken.Claims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the token of every local-service request from its headers and query alone,
 * before any body is read: a client token for the client endpoints (its claims are kept
 * for the controller), a REST token whose audience is the request's path for the REST
 * API.
 */
final class LocalAuthenticationInterceptor implements HandlerInterceptor {

	static final String CLAIMS_ATTRIBUTE = LocalAuthenticationInterceptor.class.getName() + ".claims";

	private final LocalTokens tokens;

	private final String prefix;

	LocalAuthenticationInterceptor(LocalTokens tokens, String prefix) {
		this.tokens = tokens;
		this.prefix = prefix;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		if (method.getBeanType() == ClientController.class) {
			Claims claims = this.tokens.client(LocalTokens.bearer(request), ClientController.hub(request));
			request.setAttribute(CLAIMS_ATTRIBUTE, claims);
		}
		else if (method.getBeanType() == LocalRestController.class) {
			this.tokens.rest(LocalTokens.bearer(request), request.getRequestURI().substring(this.prefix.length()),
					RestAudience.signedQuery(request.getQueryString()));
		}
		return true;
	}

}
