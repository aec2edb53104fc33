package dev.beacon.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.ErrorResponseException;

/**
 * Who did what: one log line for every state-changing call and every refusal, naming the
 * caller, the operation (method and path, whose segments name the hub and the target) and
 * the outcome, never a key or a token; and {@code beacon.api.requests} counted by caller,
 * scope and outcome. Callers are few and named in settings or by their app, so the tags
 * stay bounded; refused callers are counted as {@code anonymous}.
 */
class AuditTrail {

	static final String METER = "beacon.api.requests";

	private static final Log logger = LogFactory.getLog("dev.beacon.audit");

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	AuditTrail(MeterRegistry registry) {
		this.registry = registry;
	}

	void refused(HttpServletRequest request, @Nullable Caller caller, Scope scope, ErrorResponseException refusal) {
		String outcome = (caller != null) ? "forbidden" : "unauthorized";
		String name = (caller != null) ? caller.name() : "anonymous";
		count(name, scope, outcome);
		if (logger.isInfoEnabled()) {
			logger.info("caller=" + name + " " + operation(request) + " scope=" + scope + " outcome=" + outcome
					+ " status=" + refusal.getStatusCode().value());
		}
	}

	void completed(HttpServletRequest request, Caller caller, @Nullable Scope scope, int status) {
		String outcome = outcome(status);
		count(caller.name(), scope, outcome);
		if (changesState(request) && logger.isInfoEnabled()) {
			logger.info("caller=" + caller.name() + " " + operation(request) + " scope=" + scope + " outcome=" + outcome
					+ " status=" + status);
		}
	}

	private void count(String caller, @Nullable Scope scope, String outcome) {
		String scopeName = (scope != null) ? scope.wireName() : "none";
		this.counters
			.computeIfAbsent(caller + '\n' + scopeName + '\n' + outcome,
					(key) -> Counter.builder(METER)
						.description("Requests to Beacon's protected API by caller, scope and outcome")
						.tag("caller", caller)
						.tag("scope", scopeName)
						.tag("outcome", outcome)
						.register(this.registry))
			.increment();
	}

	private static String outcome(int status) {
		if (status < 400) {
			return "success";
		}
		return (status < 500) ? "client-error" : "server-error";
	}

	private static boolean changesState(HttpServletRequest request) {
		String method = request.getMethod();
		return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
	}

	// The path as requested: percent-escapes stay, so a line break in an id cannot forge
	// a line
	private static String operation(HttpServletRequest request) {
		return request.getMethod() + " " + request.getRequestURI();
	}

}
