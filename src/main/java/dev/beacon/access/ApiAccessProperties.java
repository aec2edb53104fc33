package dev.beacon.access;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the publishing API. Keys are checked at startup by {@link ApiKeys}, which
 * names the setting of a bad one and never echoes it.
 *
 * @param keys full-access keys ({@link Scope#ADMIN}), comma-separated in
 * {@code BEACON_API_KEYS}; several at once let keys be rotated. With no key, no client
 * and no token issuer, Beacon generates one per start and writes it to
 * {@code beacon-api-key} in the temporary directory, readable only by its user
 * @param clients named callers, each with its key and scopes
 * @param auth Entra ID tokens accepted from publishers
 */
@ConfigurationProperties("beacon.api")
@Validated
public record ApiAccessProperties(@DefaultValue List<String> keys, @DefaultValue List<@Valid Client> clients,
		@DefaultValue @Valid Auth auth) {

	public ApiAccessProperties {
		keys = keys.stream().map(String::strip).filter((key) -> !key.isEmpty()).toList();
	}

	@Override
	public String toString() {
		return "ApiAccessProperties[keys=" + this.keys.size() + " configured, clients="
				+ this.clients.stream().map(Client::name).toList() + ", auth=" + this.auth + "]";
	}

	/**
	 * A named caller.
	 *
	 * @param name how logs and metrics name it ({@code BEACON_API_CLIENTS_0_NAME})
	 * @param key its key, at least 32 characters, or {@code sha256:<hex>} of it
	 * ({@code BEACON_API_CLIENTS_0_KEY})
	 * @param scopes what it may do, such as {@code Status.Write} or {@code Beacon.Admin}
	 * ({@code BEACON_API_CLIENTS_0_SCOPES}, comma-separated)
	 */
	public record Client(@Nullable String name, @Nullable String key, @DefaultValue List<String> scopes) {

		@Override
		public String toString() {
			return "Client[name=" + this.name + ", scopes=" + this.scopes + "]";
		}

	}

	/**
	 * Entra ID access tokens from publishers ({@code Authorization: Bearer <token>}): a
	 * managed identity or an app registration, with the scopes as app roles.
	 *
	 * @param audience the Application ID URI or client ID tokens are issued for
	 * ({@code aud}); set to switch tokens on
	 * @param tenantId the directory the callers live in; gives the accepted issuers and
	 * the keys
	 * @param issuers accepted {@code iss} values instead of the tenant's (other clouds,
	 * tests)
	 * @param jwkSetUri where the signing keys are published instead of the tenant's
	 */
	public record Auth(@Nullable String audience,
			@Nullable @Pattern(regexp = "^[A-Za-z0-9.-]{1,100}$",
					message = "must be a tenant ID or domain") String tenantId,
			@DefaultValue List<String> issuers, @Nullable URI jwkSetUri) {

		/** Whether Entra ID tokens are accepted. */
		public boolean enabled() {
			return this.audience != null && !this.audience.isBlank();
		}

	}

}
