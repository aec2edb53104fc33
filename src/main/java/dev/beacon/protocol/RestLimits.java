package dev.beacon.protocol;

/**
 * The size of a data-plane REST request the service reads. It runs on Kestrel, whose
 * request line is at most 8 KiB ({@code MaxRequestLineSize}, answered {@code 414}), and
 * the REST reference allows headers of at most 16 KB (answered {@code 431}). A name is
 * percent-encoded in the path, so one character outside ASCII takes 6 to 12 bytes, and an
 * access-key token's {@code aud} carries the URL once more in the headers: a request line
 * within the limit keeps the signed headers within theirs. The REST client refuses a
 * longer request before sending it, and the local service answers it as the service does,
 * so both modes agree.
 */
public final class RestLimits {

	/** The longest request line, in bytes: method, target and version. */
	public static final int MAX_REQUEST_LINE = 8 * 1024;

	/** The most header bytes, names and values. */
	public static final int MAX_HEADERS = 16 * 1024;

	private RestLimits() {
	}

	/**
	 * The length of a request line, {@code METHOD SP target SP HTTP/1.1}.
	 * @param method the method
	 * @param target the path and query, percent-encoded (so ASCII: one byte a character)
	 * @return its length in bytes
	 */
	public static int requestLine(String method, String target) {
		return method.length() + 1 + target.length() + " HTTP/1.1".length();
	}

}
