package dev.beacon.restclient;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Sees every exchange with the service that got an answer, retries included, as it was on
 * the wire: the method, the URL, the status and {@code Retry-After}, and when. Never a
 * header besides, never a body: nothing secret. Beans of this type are called on the
 * calling thread after each answer; the conformance suite records the run with one.
 */
@FunctionalInterface
public interface DataPlaneListener {

	/**
	 * One answered exchange.
	 * @param method the HTTP method
	 * @param uri the URL it went to
	 * @param status the service's status
	 * @param retryAfter the service's {@code Retry-After}, if any
	 * @param started when it was sent
	 * @param answered when its whole answer was in
	 */
	void exchanged(String method, URI uri, int status, @Nullable String retryAfter, Instant started, Instant answered);

}
