package dev.beacon.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a setting Beacon cannot start with as a short description naming it, without a
 * stack trace.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		return new FailureAnalysis("Invalid setting " + cause.setting() + ": " + cause.getMessage(),
				"Fix " + cause.setting() + " (docs/configuration.md) and start Beacon again.", cause);
	}

}
