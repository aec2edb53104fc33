package dev.beacon.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first thing every request meets, before any code reads its body:
 * <ul>
 * <li>a path that layers would read differently is refused (400): a {@code ;} path
 * parameter, or a {@code .}/{@code ..} segment, escaped or not. The container normalises
 * such a path while the MVC mapping sees it raw, so {@code /groups/..} could mean two
 * things;</li>
 * <li>a {@code Content-Type} that is not one concrete media type is refused (415):
 * wildcards, garbage, unknown charsets;</li>
 * <li>a body declared larger than {@code beacon.http.max-body-size} is refused (413)
 * without reading it; a streamed one is cut off when it passes the limit.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestGuardFilter extends OncePerRequestFilter {

	private final long maxBody;

	RequestGuardFilter(HttpProperties properties) {
		this.maxBody = properties.maxBodySize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String pathProblem = pathProblem(request.getRequestURI());
		if (pathProblem != null) {
			Problems.send(request, response, HttpStatus.BAD_REQUEST, "Invalid path", pathProblem);
			return;
		}
		String contentTypeProblem = contentTypeProblem(request.getContentType());
		if (contentTypeProblem != null) {
			Problems.send(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
					contentTypeProblem);
			return;
		}
		if (request.getContentLengthLong() > this.maxBody) {
			Problems.send(request, response, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge());
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.maxBody), response);
	}

	static @Nullable String pathProblem(String rawPath) {
		if (rawPath.indexOf(';') >= 0) {
			return "Path parameters (';') are not accepted: percent-encode ';' in names as %3B";
		}
		for (String segment : rawPath.split("/", -1)) {
			String dots = segment.replace("%2E", ".").replace("%2e", ".");
			if (dots.equals(".") || dots.equals("..")) {
				return "Paths must not contain '.' or '..' segments";
			}
		}
		return null;
	}

	static @Nullable String contentTypeProblem(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				return "Content-Type must name one media type, not a wildcard such as " + type;
			}
			return null;
		}
		catch (InvalidMediaTypeException ex) {
			return "Content-Type is not a valid media type (or names an unknown charset)";
		}
	}

	private String tooLarge() {
		return "The request body is larger than " + this.maxBody + " bytes (beacon.http.max-body-size)";
	}

	/**
	 * Thrown inside a body read that passed the limit; reported as 413.
	 */
	static final class BodyTooLargeException extends IOException {

		private final String message;

		BodyTooLargeException(long max) {
			this("The request body is larger than " + max + " bytes (beacon.http.max-body-size)");
		}

		private BodyTooLargeException(String message) {
			super(message);
			this.message = message;
		}

		@Override
		public String getMessage() {
			return this.message;
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long max;

		private @Nullable ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.max);
			}
			return this.stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long max;

		private long read;

		LimitedStream(ServletInputStream delegate, long max) {
			this.delegate = delegate;
			this.max = max;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.max) {
				throw new BodyTooLargeException(this.max);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
