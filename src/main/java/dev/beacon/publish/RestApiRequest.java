package dev.beacon.publish;

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
 */
record RestApiRequest(String operation, HttpMethod method, String path, String query, Kind kind,
		byte @Nullable [] body) {

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
