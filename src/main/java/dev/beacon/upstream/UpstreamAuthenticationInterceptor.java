package dev.beacon.upstream;

import dev.beacon.protocol.Names;
import dev.beacon.protocol.UpstreamHeaders;
import dev.beacon.system.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates upstream requests from the headers alone, before the body is read: an
 * unauthenticated caller cannot make Beacon read, buffer or parse anything. Each check
 * that is configured must pass: {@code X-ASRS-Signature} wherever access keys exist, and
 * the service's managed-identity bearer token when {@code beacon.upstream.auth.audience}
 * is set.
 */
final class UpstreamAuthenticationInterceptor implements HandlerInterceptor {

	private final SignatureVerifier signatures;

	private final @Nullable BearerTokenVerifier bearer;

	private final boolean verify;

	private final UpstreamMetrics metrics;

	UpstreamAuthenticationInterceptor(SignatureVerifier signatures, @Nullable BearerTokenVerifier bearer,
			boolean verify, UpstreamMetrics metrics) {
		this.signatures = signatures;
		this.bearer = bearer;
		this.verify = verify;
		this.metrics = metrics;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || method.getBeanType() != UpstreamController.class) {
			return true;
		}
		String connectionId = UpstreamController.required(request, UpstreamHeaders.CONNECTION_ID);
		if (connectionId.length() > Names.MAX_CONNECTION_ID_LENGTH) {
			// Refused before any signature is computed over it
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, UpstreamHeaders.CONNECTION_ID
					+ " must be at most " + Names.MAX_CONNECTION_ID_LENGTH + " characters");
		}
		if (!this.verify) {
			return true;
		}
		if (this.bearer != null) {
			String problem = this.bearer.check(BearerTokens.from(request));
			if (problem != null) {
				throw unauthorized(request, "Upstream request refused: " + problem);
			}
		}
		if (this.signatures.hasKeys()
				&& !this.signatures.verify(connectionId, request.getHeader(UpstreamHeaders.SIGNATURE))) {
			throw unauthorized(request,
					UpstreamHeaders.SIGNATURE + " is missing or does not match the connection ID and access key");
		}
		return true;
	}

	private UpstreamRequestException unauthorized(HttpServletRequest request, String detail) {
		this.metrics.count(request.getHeader(UpstreamHeaders.HUB), request.getHeader(UpstreamHeaders.CATEGORY),
				request.getHeader(UpstreamHeaders.EVENT), "unauthorized");
		return new UpstreamRequestException(HttpStatus.UNAUTHORIZED, detail);
	}

}
