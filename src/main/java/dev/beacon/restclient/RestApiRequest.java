package dev.beacon.restclient;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * One data-plane REST call, fully resolved.
 *
 * @param operation the operation name, for metrics and logs
 * @param method the HTTP method
 * @param path the escaped path, e.g. {@code /api/hubs/chat/groups/a%2Fb/:send}
 * @param query the query string without {@code ?}: {@code api-version},
 * {@code application} and the operation's own parameters
 * @param kind whether a retry could duplicate a delivery
 * @param body the JSON body, or null
 * @param timeout how long to wait for the whole answer; null for
 * {@code beacon.signalr.read-timeout}
 * @param maxAnswer how much of an answer's body is kept: a little for an error's message,
 * more for the operations whose answer is their result
 */
record RestApiRequest(String operation, HttpMethod method, String path, String query, Kind kind, byte @Nullable [] body,
		@Nullable Duration timeout, int maxAnswer) {

	/** What is kept of an answer Beacon reads only for an error message. */
	static final int ERROR_ANSWER = 8192;

	/**
	 * What is kept of an answer that is a result: a page of members, a client's value.
	 */
	static final int RESULT_ANSWER = 4 * 1024 * 1024;

	RestApiRequest(String operation, HttpMethod method, String path, String query, Kind kind, byte @Nullable [] body) {
		this(operation, method, path, query, kind, body, null, ERROR_ANSWER);
	}

	/**
	 * This call, reading its answer as its result.
	 * @param wait how long to wait for it; null for the read timeout
	 * @return the call
	 */
	RestApiRequest answered(@Nullable Duration wait) {
		return new RestApiRequest(this.operation, this.method, this.path, this.query, this.kind, this.body, wait,
				RESULT_ANSWER);
	}

	/**
	 * Whether the call addresses one connection, which lives on one instance: the others
	 * answer 404. (Names are escaped, so {@code /connections/} is the path's own.)
	 */
	boolean connectionScoped() {
		return this.path.contains("/connections/");
	}

	/** The path and query, as the request line and logs show them. */
	String target() {
		return this.path + "?" + this.query;
	}

	/**
	 * Whether repeating a request could do its work twice.
	 */
	enum Kind {

		/** A message send: a retry after an ambiguous failure may deliver twice. */
		SEND,

		/** Group, close, existence and health calls: repeating them is harmless. */
		IDEMPOTENT

	}

}
