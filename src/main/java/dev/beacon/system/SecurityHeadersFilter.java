package dev.beacon.system;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ServiceEndpointProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response. The content security policy lets the page load only
 * its own scripts and styles and connect only to Beacon and, in Azure mode, to the
 * service's client endpoint (HTTPS for negotiate, WSS for the WebSocket). First in the
 * chain, so the requests other filters refuse carry the headers too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

	private final ServiceEndpointProvider endpoints;

	private volatile @Nullable Policy policy;

	SecurityHeadersFilter(ServiceEndpointProvider endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		if (request.getRequestURI().startsWith("/swagger-ui")) {
			// Swagger UI brings its own inline styles; it serves no user content.
			chain.doFilter(request, response);
			return;
		}
		response.setHeader("Content-Security-Policy", contentSecurityPolicy());
		chain.doFilter(request, response);
	}

	/**
	 * The policy for the current client endpoint, rebuilt only when that endpoint changes
	 * (it is on every response).
	 */
	private String contentSecurityPolicy() {
		URI clientEndpoint = (this.endpoints.mode() == BeaconMode.AZURE) ? this.endpoints.forServer().clientEndpoint()
				: null;
		Policy policy = this.policy;
		if (policy == null || !Objects.equals(policy.clientEndpoint(), clientEndpoint)) {
			policy = new Policy(clientEndpoint,
					"default-src 'self'; connect-src 'self'" + serviceOrigins(clientEndpoint)
							+ "; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
							+ "base-uri 'none'; form-action 'self'");
			this.policy = policy;
		}
		return policy.header();
	}

	private static String serviceOrigins(@Nullable URI clientEndpoint) {
		if (clientEndpoint == null) {
			return "";
		}
		String origin = clientEndpoint.toString();
		String webSocketOrigin = origin.replaceFirst("^http", "ws");
		return " " + origin + " " + webSocketOrigin;
	}

	private record Policy(@Nullable URI clientEndpoint, String header) {
	}

}
