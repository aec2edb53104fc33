package dev.beacon.endpoint;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad connection string at startup as a short description and action, without a
 * stack trace. The exception message never holds a value from the connection string.
 */
class InvalidConnectionStringFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConnectionStringException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConnectionStringException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the connection string (copy it from the Azure portal: SignalR Service > Keys), "
						+ "or unset it to run Beacon in local mode.",
				cause);
	}

}
