package dev.beacon.access;

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
 * An actuator request from a caller with {@link Scope#ADMIN} (a key of
 * {@code beacon.api.keys}, or a client or token granted it) is an authorized operator:
 * Actuator then shows it health details ({@code show-details: when-authorized}), which
 * everyone else does not see. Nothing else changes: health, probes and info stay open to
 * all.
 */
@Component
class ActuatorAccessFilter extends OncePerRequestFilter {

	static final Principal OPERATOR = () -> "api-key";

	private final Callers callers;

	private final String basePath;

	ActuatorAccessFilter(Callers callers, WebEndpointProperties properties) {
		this.callers = callers;
		this.basePath = properties.getBasePath();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(this.basePath);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Caller caller = this.callers.tryResolve(request);
		chain.doFilter((caller != null && caller.may(Scope.ADMIN)) ? new Operator(request) : request, response);
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
