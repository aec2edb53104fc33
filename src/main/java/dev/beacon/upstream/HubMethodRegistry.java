package dev.beacon.upstream;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.endpoint.Hubs;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds every {@link HubMethod} bean method at startup (a duplicate name or an unknown
 * hub stops Beacon) and invokes them with arguments bound by Jackson. Errors the client
 * may see mirror ASP.NET Core's messages; anything unexpected is logged and reported
 * generically. Each call is observed ({@code beacon.hub.method}: a span named
 * {@code hub/method} in the upstream request's trace, and a timer), tagged as
 * OpenTelemetry's RPC conventions say ({@code rpc.system=signalr}, {@code rpc.service}
 * the hub, {@code rpc.method} the method); arguments are never recorded.
 */
final class HubMethodRegistry implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(HubMethodRegistry.class);

	private final ApplicationContext context;

	private final Hubs hubs;

	private final JsonMapper jsonMapper;

	private final ObservationRegistry observations;

	private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

	HubMethodRegistry(ApplicationContext context, Hubs hubs, JsonMapper jsonMapper, ObservationRegistry observations) {
		this.context = context;
		this.hubs = hubs;
		this.jsonMapper = jsonMapper;
		this.observations = observations;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.context.getBeanNamesForType(Object.class, false, false)) {
			Class<?> type = this.context.getType(name, false);
			if (type == null) {
				continue;
			}
			Map<Method, HubMethod> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<HubMethod>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, HubMethod.class));
			methods.forEach((method, annotation) -> register(name, method, annotation));
		}
	}

	private void register(String beanName, Method method, HubMethod annotation) {
		if (annotation.hub().equals(HubMethod.EVERY_HUB)) {
			this.hubs.all().forEach((hub) -> register(beanName, method, annotation.name(), hub));
		}
		else {
			register(beanName, method, annotation.name(),
					annotation.hub().isEmpty() ? this.hubs.defaultHub() : this.hubs.require(annotation.hub()));
		}
	}

	private void register(String beanName, Method method, String name, String hub) {
		Handler previous = this.handlers.putIfAbsent(key(hub, name), new Handler(beanName, method, name));
		if (previous != null) {
			throw new IllegalStateException("Two @HubMethod handlers for '" + name + "' on hub '" + hub + "': "
					+ previous.method() + " and " + method);
		}
	}

	boolean has(String hub, String target) {
		return this.handlers.containsKey(key(hub, target));
	}

	/**
	 * Invokes the handler of a target.
	 * @return the handler's result
	 * @throws HubException with a message for the client
	 */
	@Nullable Object invoke(InvocationContext context, String target, JsonNode arguments) {
		Handler handler = this.handlers.get(key(context.hub(), target));
		if (handler == null) {
			throw new HubException("Method does not exist.");
		}
		Object[] values = bind(context, handler.method(), arguments);
		Observation observation = Observation.createNotStarted("beacon.hub.method", this.observations)
			.contextualName(context.hub() + "/" + handler.name())
			.lowCardinalityKeyValue("rpc.system", "signalr")
			.lowCardinalityKeyValue("rpc.service", context.hub())
			.lowCardinalityKeyValue("rpc.method", handler.name())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			return call(handler, values, target);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private @Nullable Object call(Handler handler, Object[] values, String target) {
		try {
			Object bean = this.context.getBean(handler.beanName());
			Method method = AopUtils.selectInvocableMethod(handler.method(), bean.getClass());
			method.trySetAccessible();
			return method.invoke(bean, values);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof HubException hubException) {
				throw hubException;
			}
			logger.warn("Hub method '" + target + "' failed", ex.getCause());
			throw new HubException("An unexpected error occurred invoking '" + target + "' on the server.");
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Object[] bind(InvocationContext context, Method method, JsonNode arguments) {
		Parameter[] parameters = method.getParameters();
		List<Integer> bound = new ArrayList<>();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() != InvocationContext.class) {
				bound.add(i);
			}
		}
		int given = arguments.isArray() ? arguments.size() : 0;
		if (given != bound.size()) {
			throw new HubException(
					"Invocation provides " + given + " argument(s) but target expects " + bound.size() + ".");
		}
		Object[] values = new Object[parameters.length];
		int next = 0;
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() == InvocationContext.class) {
				values[i] = context;
				continue;
			}
			JavaType type = this.jsonMapper.constructType(parameters[i].getParameterizedType());
			try {
				values[i] = this.jsonMapper.treeToValue(arguments.get(next++), type);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				throw new HubException("Error binding arguments. Make sure that the types of the provided values "
						+ "match the types of the hub method being invoked.");
			}
		}
		return values;
	}

	private static String key(String hub, String target) {
		return hub.toLowerCase(Locale.ROOT) + "/" + target.toLowerCase(Locale.ROOT);
	}

	private record Handler(String beanName, Method method, String name) {
	}

}
