package dev.beacon.system;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response. The content security policy lets the page load only
 * its own scripts and styles and connect only to Beacon and the {@link ConnectSources}
 * (in Azure mode the service's client endpoint, HTTPS for negotiate and WSS for the
 * WebSocket). First in the chain, so the requests other filters refuse carry the headers
 * too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

	private final ObjectProvider<ConnectSources> provider;

	private volatile @Nullable ConnectSources sources;

	private volatile @Nullable Policy policy;

	SecurityHeadersFilter(ObjectProvider<ConnectSources> provider) {
		this.provider = provider;
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
	 * The policy for the current connect sources, rebuilt only when they change (it is on
	 * every response).
	 */
	private String contentSecurityPolicy() {
		ConnectSources sources = this.sources;
		if (sources == null) {
			sources = this.provider.getIfAvailable(() -> List::of);
			this.sources = sources;
		}
		List<URI> origins = sources.origins();
		Policy policy = this.policy;
		if (policy == null || !policy.origins().equals(origins)) {
			policy = new Policy(origins,
					"default-src 'self'; connect-src 'self'" + connectSources(origins)
							+ "; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
							+ "base-uri 'none'; form-action 'self'");
			this.policy = policy;
		}
		return policy.header();
	}

	private static String connectSources(List<URI> origins) {
		StringBuilder sources = new StringBuilder();
		for (URI origin : origins) {
			String text = origin.toString();
			sources.append(' ').append(text).append(' ').append(text.replaceFirst("^http", "ws"));
		}
		return sources.toString();
	}

	private record Policy(List<URI> origins, String header) {
	}

}
