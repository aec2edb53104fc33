package dev.beacon.credential;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a credential library's failure into one line fit for a log or a problem detail:
 * the first line of its message and, when the library wraps the real reason ("see inner
 * exception"), of its innermost cause's; shortened, with any secret Beacon knows of (the
 * client secret, the identity endpoint's header) replaced.
 */
final class EntraFailures {

	private static final int MAX_LENGTH = 400;

	private EntraFailures() {
	}

	static String describe(Throwable failure, EntraIdentity identity) {
		Throwable innermost = failure;
		while (innermost.getCause() != null && innermost.getCause() != innermost) {
			innermost = innermost.getCause();
		}
		String line = firstLine(failure);
		String reason = firstLine(innermost);
		if (innermost != failure && !line.contains(reason)) {
			line = line + " (" + reason + ")";
		}
		for (String secret : secrets(identity)) {
			line = line.replace(secret, "[redacted]");
		}
		return (line.length() > MAX_LENGTH) ? line.substring(0, MAX_LENGTH) + "..." : line;
	}

	private static String firstLine(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getSimpleName();
		}
		return message.strip().lines().findFirst().orElse("");
	}

	private static List<String> secrets(EntraIdentity identity) {
		List<String> secrets = new ArrayList<>();
		if (identity instanceof EntraIdentity.Application application && application.clientSecret() != null) {
			secrets.add(application.clientSecret());
		}
		for (String variable : List.of("IDENTITY_HEADER", "MSI_SECRET", "AZURE_CLIENT_SECRET")) {
			String value = System.getenv(variable);
			if (value != null && value.length() >= 4) {
				secrets.add(value);
			}
		}
		return secrets;
	}

}
