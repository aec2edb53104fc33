package dev.beacon.access;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A known caller asked for something its scopes do not allow: 403 naming the scope it
 * lacks (also as {@code requiredScope}), so whoever configures it knows what to grant.
 */
class MissingScopeException extends ErrorResponseException {

	MissingScopeException(Caller caller, Scope scope) {
		super(HttpStatus.FORBIDDEN, problem(caller, scope), null);
	}

	private static ProblemDetail problem(Caller caller, Scope scope) {
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "Forbidden", "Caller " + caller.name()
				+ " lacks the scope " + scope.wireName() + " this operation needs (or " + Scope.ADMIN.wireName() + ")");
		problem.setProperty("requiredScope", scope.wireName());
		return problem;
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
