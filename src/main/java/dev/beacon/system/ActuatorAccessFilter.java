package dev.beacon.system;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An actuator request with a valid API key is an authorized caller: Actuator then shows
 * it health details ({@code show-details: when-authorized}), which everyone else does not
 * see. Nothing else changes: health, probes and info stay open to all.
 */
@Component
class ActuatorAccessFilter extends OncePerRequestFilter {

	static final Principal OPERATOR = () -> "api-key";

	private final ApiKeys apiKeys;

	private final String basePath;

	ActuatorAccessFilter(ApiKeys apiKeys, WebEndpointProperties properties) {
		this.apiKeys = apiKeys;
		this.basePath = properties.getBasePath();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(this.basePath);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = ApiKeys.presented(request);
		chain.doFilter((key != null && this.apiKeys.matches(key)) ? new Operator(request) : request, response);
	}

	private static final class Operator extends HttpServletRequestWrapper {

		Operator(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return OPERATOR;
		}

		@Override
		public boolean isUserInRole(String role) {
			return true;
		}

	}

}
