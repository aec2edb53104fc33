package dev.beacon.system;

import java.io.IOException;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ServiceEndpointProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response. The content security policy lets the page load only
 * its own scripts and styles and connect only to Beacon and, in Azure mode, to the
 * service's client endpoint (HTTPS for negotiate, WSS for the WebSocket).
 */
@Component
class SecurityHeadersFilter extends OncePerRequestFilter {

	private final ServiceEndpointProvider endpoints;

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
		response.setHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self'" + serviceOrigins()
				+ "; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
				+ "form-action 'self'");
		chain.doFilter(request, response);
	}

	private String serviceOrigins() {
		if (this.endpoints.mode() != BeaconMode.AZURE) {
			return "";
		}
		String origin = this.endpoints.forServer().clientEndpoint().toString();
		String webSocketOrigin = origin.replaceFirst("^http", "ws");
		return " " + origin + " " + webSocketOrigin;
	}

}
