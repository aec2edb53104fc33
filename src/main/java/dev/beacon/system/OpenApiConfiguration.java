package dev.beacon.system;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of Beacon's own API at {@code /v3/api-docs}, with Swagger UI at
 * {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Beacon",
		description = "Real-time notifications on Azure SignalR Service: negotiate, publish status and messages, "
				+ "manage groups. Publishing needs an API key, as X-API-Key or Authorization: Bearer."))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
		paramName = ApiKeyInterceptor.HEADER,
		description = "An API key from beacon.api.keys; " + "Authorization: Bearer <key> works too")
class OpenApiConfiguration {

}
