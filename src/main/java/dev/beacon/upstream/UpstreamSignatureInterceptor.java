package dev.beacon.upstream;

import dev.beacon.protocol.UpstreamHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@code X-ASRS-Signature} from the headers alone, before the body is read: an
 * unsigned caller cannot make Beacon read, buffer or parse anything.
 */
final class UpstreamSignatureInterceptor implements HandlerInterceptor {

	private final SignatureVerifier signatures;

	private final boolean verifySignature;

	private final UpstreamMetrics metrics;

	UpstreamSignatureInterceptor(SignatureVerifier signatures, boolean verifySignature, UpstreamMetrics metrics) {
		this.signatures = signatures;
		this.verifySignature = verifySignature;
		this.metrics = metrics;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || method.getBeanType() != UpstreamController.class) {
			return true;
		}
		String connectionId = UpstreamController.required(request, UpstreamHeaders.CONNECTION_ID);
		if (this.verifySignature
				&& !this.signatures.verify(connectionId, request.getHeader(UpstreamHeaders.SIGNATURE))) {
			this.metrics.count(request.getHeader(UpstreamHeaders.HUB), request.getHeader(UpstreamHeaders.CATEGORY),
					request.getHeader(UpstreamHeaders.EVENT), "unauthorized");
			throw new UpstreamRequestException(HttpStatus.UNAUTHORIZED,
					UpstreamHeaders.SIGNATURE + " is missing or does not match the connection ID and access key");
		}
		return true;
	}

}
