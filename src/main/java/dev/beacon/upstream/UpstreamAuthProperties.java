package dev.beacon.upstream;

import java.net.URI;
import java.util.List;

import dev.beacon.access.EntraTokenDecoder;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Checking the bearer token SignalR Service sends upstream when its upstream settings use
 * managed-identity authentication: an Entra access token for the configured resource,
 * signed by the tenant's keys. Needed when the resource has no access keys (Microsoft
 * Entra ID), where {@code X-ASRS-Signature} cannot be checked.
 *
 * @param audience the resource set in the upstream settings ({@code aud} must equal it);
 * set to switch the check on
 * @param tenantId the directory (tenant) the service's identity lives in; gives the
 * accepted issuers ({@code https://sts.windows.net/{tenant}/} and
 * {@code https://login.microsoftonline.com/{tenant}/v2.0}) and the keys
 * @param issuers accepted {@code iss} values instead of the tenant's
 * @param jwkSetUri where the signing keys are published instead of the tenant's
 * {@code https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys}
 * @param callers the identities allowed to call: the SignalR resource's managed identity,
 * by its client ID ({@code azp}, or {@code appid} in a v1 token) or object ID
 * ({@code oid}). Required with an audience, since any identity of the tenant can get a
 * token for it
 */
@ConfigurationProperties("beacon.upstream.auth")
@Validated
public record UpstreamAuthProperties(@Nullable String audience,
		@Nullable @Pattern(regexp = "^[A-Za-z0-9.-]{1,100}$",
				message = "must be a tenant ID or domain") String tenantId,
		@Nullable List<String> issuers, @Nullable URI jwkSetUri, @Nullable List<String> callers) {

	/** Whether upstream requests must carry a valid bearer token. */
	public boolean enabled() {
		return this.audience != null && !this.audience.isBlank();
	}

	List<String> acceptedIssuers() {
		if (this.issuers != null && !this.issuers.isEmpty()) {
			return this.issuers;
		}
		return EntraTokenDecoder.tenantIssuers(this.tenantId);
	}

	List<String> allowedCallers() {
		return (this.callers != null) ? this.callers.stream().map(String::strip).filter((id) -> !id.isEmpty()).toList()
				: List.of();
	}

	URI keys() {
		return (this.jwkSetUri != null) ? this.jwkSetUri : EntraTokenDecoder.tenantKeys(this.tenantId);
	}

}
