package dev.beacon.credential;

import org.jspecify.annotations.Nullable;

/**
 * Which Microsoft Entra ID identity Beacon authenticates as, as the connection string's
 * {@code AuthType} names it. Plain data: the credential is built from it at startup.
 * Secrets are never printed.
 */
public sealed interface EntraIdentity {

	/**
	 * What health and logs may show: the kind of identity and its client ID, never a
	 * secret.
	 * @return the description
	 */
	String describe();

	/**
	 * {@code AuthType=azure}: the default credential chain (environment variables,
	 * workload identity, managed identity, developer tools).
	 *
	 * @param clientId a user-assigned managed identity's client ID for the chain's
	 * managed identity step; none: the system-assigned one
	 */
	record DefaultChain(@Nullable String clientId) implements EntraIdentity {

		@Override
		public String describe() {
			return "default credential chain"
					+ ((this.clientId != null) ? " (managed identity " + this.clientId + ")" : "");
		}

	}

	/**
	 * {@code AuthType=azure.msi}: the managed identity of the Container App or App
	 * Service.
	 *
	 * @param clientId a user-assigned identity's client ID; none: the system-assigned one
	 */
	record ManagedIdentity(@Nullable String clientId) implements EntraIdentity {

		@Override
		public String describe() {
			return (this.clientId != null) ? "user-assigned managed identity " + this.clientId
					: "system-assigned managed identity";
		}

	}

	/**
	 * {@code AuthType=azure.app}: an application registration with a client secret or a
	 * certificate.
	 *
	 * @param tenantId the directory (tenant) ID
	 * @param clientId the application (client) ID
	 * @param clientSecret the client secret, when given
	 * @param clientCertificate the path of a PEM or PKCS#12 file with certificate and
	 * private key, when no secret is given
	 */
	record Application(String tenantId, String clientId, @Nullable String clientSecret,
			@Nullable String clientCertificate) implements EntraIdentity {

		@Override
		public String describe() {
			return "application " + this.clientId + " in tenant " + this.tenantId + " with a "
					+ ((this.clientSecret != null) ? "client secret" : "client certificate");
		}

		@Override
		public String toString() {
			return "Application[tenantId=" + this.tenantId + ", clientId=" + this.clientId + ", credential="
					+ ((this.clientSecret != null) ? "secret" : "certificate") + "]";
		}

	}

}
