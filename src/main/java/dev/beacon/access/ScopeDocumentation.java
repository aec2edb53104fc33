package dev.beacon.access;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Shows each protected operation's scope in the OpenAPI document from the one place it is
 * declared ({@link RequiresScope}): {@code x-required-scope}, a line of its description,
 * the security requirements (an API key, or a bearer key or token) and its 401 and 403.
 */
@Component
class ScopeDocumentation implements OperationCustomizer {

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		Scope scope = AccessInterceptor.requiredScope(handlerMethod);
		if (scope == null) {
			return operation;
		}
		operation.addExtension("x-required-scope", scope.wireName());
		String needs = "Needs the scope " + scope.wireName() + " (or " + Scope.ADMIN.wireName() + ").";
		operation
			.setDescription((operation.getDescription() != null) ? operation.getDescription() + "\n\n" + needs : needs);
		operation.addSecurityItem(new SecurityRequirement().addList("apiKey"));
		operation.addSecurityItem(new SecurityRequirement().addList("bearer", scope.wireName()));
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		responses.putIfAbsent("401", problem("No valid API key or token"));
		responses.putIfAbsent("403",
				problem("The caller lacks " + scope.wireName() + " (the problem's requiredScope)"));
		operation.setResponses(responses);
		return operation;
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
	}

}
