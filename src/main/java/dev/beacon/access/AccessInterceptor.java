package dev.beacon.access;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request reach a {@link RequiresScope} handler only when its caller holds the
 * scope: 401 without a valid credential, 403 naming the scope otherwise. Runs before the
 * body is read, so an unknown caller cannot make Beacon parse anything. The caller is
 * resolved once per request (an asynchronous answer's second dispatch reuses it) and
 * handed to the {@link AuditTrail} when the request completes.
 */
class AccessInterceptor implements HandlerInterceptor {

	static final String CALLER = AccessInterceptor.class.getName() + ".caller";

	private static final Map<Method, Optional<Scope>> SCOPES = new ConcurrentHashMap<>();

	private final Callers callers;

	private final AuditTrail audit;

	AccessInterceptor(Callers callers, AuditTrail audit) {
		this.callers = callers;
		this.audit = audit;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Scope scope = requiredScope(handler);
		if (scope == null || request.getDispatcherType() == DispatcherType.ASYNC) {
			return true;
		}
		Caller caller;
		try {
			caller = this.callers.resolve(request);
		}
		catch (UnauthorizedException ex) {
			this.audit.refused(request, null, scope, ex);
			throw ex;
		}
		if (!caller.may(scope)) {
			MissingScopeException refusal = new MissingScopeException(caller, scope);
			this.audit.refused(request, caller, scope, refusal);
			throw refusal;
		}
		request.setAttribute(CALLER, caller);
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (request.getAttribute(CALLER) instanceof Caller caller && !request.isAsyncStarted()) {
			this.audit.completed(request, caller, requiredScope(handler), response.getStatus());
		}
	}

	static @Nullable Scope requiredScope(Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return null;
		}
		// Looked up once per handler method, not on every request (twice a request
		// before)
		return SCOPES.computeIfAbsent(method.getMethod(), (key) -> Optional.ofNullable(declaredScope(method)))
			.orElse(null);
	}

	private static @Nullable Scope declaredScope(HandlerMethod method) {
		RequiresScope required = method.getMethodAnnotation(RequiresScope.class);
		if (required == null) {
			required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresScope.class);
		}
		return (required != null) ? required.value() : null;
	}

}
