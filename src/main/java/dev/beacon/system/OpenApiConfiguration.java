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
				+ "manage groups. Each protected operation needs one scope (x-required-scope), held by the "
				+ "caller's API key or Entra ID token, or Beacon.Admin."))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
		paramName = "X-API-Key",
		description = "An API key of beacon.api.keys (every scope) or beacon.api.clients (its scopes)")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "An API key, or an Entra ID access token for beacon.api.auth.audience whose roles claim "
				+ "holds the scopes")
class OpenApiConfiguration {

}
