package dev.beacon.restclient;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Some SignalR Service instances took the request and some did not. Answers 502 naming
 * both, as {@code accepted} and {@code failed} ({@code name: reason}) properties: a blind
 * retry would deliver twice on the instances that took it.
 */
public class SignalRPartialFailureException extends SignalRException {

	private final List<String> accepted;

	private final Map<String, String> failed;

	public SignalRPartialFailureException(String method, String path, List<String> accepted,
			Map<String, String> failed) {
		super(HttpStatus.BAD_GATEWAY, "Only some SignalR Service instances took the request", method, path,
				"Taken by " + String.join(", ", accepted) + "; not by " + String.join(", ", failed.keySet())
						+ ": retrying would repeat it where it was taken",
				null);
		this.accepted = List.copyOf(accepted);
		this.failed = Map.copyOf(failed);
		getBody().setProperty("accepted", this.accepted);
		getBody().setProperty("failed", this.failed);
	}

	public List<String> accepted() {
		return this.accepted;
	}

	public Map<String, String> failed() {
		return this.failed;
	}

}
