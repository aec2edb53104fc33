package dev.beacon.system;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.validation.Validator;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Spring MVC's adapter that calls controller methods, with JSON record bodies read
 * ({@link DirectJsonBodies}) and JSON record answers written ({@link DirectJsonAnswers})
 * ahead of Spring's general resolvers, with the JSON converter's mapper and the binder's
 * validator Spring would use itself. The direct way skips Spring's body advice, so it is
 * installed only while the only advice is {@link ProblemTraceIds} (which changes problem
 * details alone, never a record): advice added later leaves every body to Spring, and
 * {@code DirectJsonHandlerAdapterTests} fails until this is decided again.
 */
final class DirectJsonHandlerAdapter extends RequestMappingHandlerAdapter {

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		JsonMapper jsonMapper = jsonMapper(getMessageConverters());
		List<HandlerMethodArgumentResolver> resolvers = getArgumentResolvers();
		List<HandlerMethodReturnValueHandler> handlers = getReturnValueHandlers();
		if (jsonMapper == null || resolvers == null || handlers == null || !otherBodyAdvice().isEmpty()) {
			return;
		}
		RequestResponseBodyMethodProcessor spring = resolvers.stream()
			.filter(RequestResponseBodyMethodProcessor.class::isInstance)
			.map(RequestResponseBodyMethodProcessor.class::cast)
			.findFirst()
			.orElseThrow();
		Validator validator = (getWebBindingInitializer() instanceof ConfigurableWebBindingInitializer initializer)
				? initializer.getValidator() : null;
		List<HandlerMethodArgumentResolver> argumentResolvers = new ArrayList<>();
		argumentResolvers.add(new DirectJsonBodies(spring, jsonMapper, validator));
		argumentResolvers.addAll(resolvers);
		setArgumentResolvers(argumentResolvers);
		List<HandlerMethodReturnValueHandler> returnValueHandlers = new ArrayList<>();
		returnValueHandlers.add(new DirectJsonAnswers(jsonMapper));
		returnValueHandlers.addAll(handlers);
		setReturnValueHandlers(returnValueHandlers);
	}

	/**
	 * Body advice, other than {@link ProblemTraceIds}, that the direct way would skip.
	 */
	Set<Class<?>> otherBodyAdvice() {
		ApplicationContext context = getApplicationContext();
		if (context == null) {
			return Set.of();
		}
		// By type, from the bean factory's cache: no second scan of every bean at
		// start-up
		Set<Class<?>> advice = new LinkedHashSet<>();
		for (Class<?> kind : List.of(RequestBodyAdvice.class, ResponseBodyAdvice.class)) {
			for (String name : context.getBeanNamesForType(kind, true, false)) {
				Class<?> type = context.getType(name);
				if (type != null && type != ProblemTraceIds.class) {
					advice.add(type);
				}
			}
		}
		return advice;
	}

	private static @Nullable JsonMapper jsonMapper(List<HttpMessageConverter<?>> converters) {
		for (HttpMessageConverter<?> converter : converters) {
			if (converter instanceof JacksonJsonHttpMessageConverter json) {
				return json.getMapper();
			}
		}
		return null;
	}

}
