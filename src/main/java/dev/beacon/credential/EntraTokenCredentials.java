package dev.beacon.credential;

import java.util.Locale;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;

/**
 * Microsoft's credentials ({@code com.azure:azure-identity}) for each kind of identity:
 * Beacon never speaks OAuth itself. On Container Apps and App Service the managed
 * identity credential reads {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}.
 */
public final class EntraTokenCredentials {

	private EntraTokenCredentials() {
	}

	public static TokenCredential create(EntraIdentity identity) {
		return switch (identity) {
			case EntraIdentity.DefaultChain chain -> {
				DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
				if (chain.clientId() != null) {
					builder.managedIdentityClientId(chain.clientId());
				}
				yield builder.build();
			}
			case EntraIdentity.ManagedIdentity managed -> {
				ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
				if (managed.clientId() != null) {
					builder.clientId(managed.clientId());
				}
				yield builder.build();
			}
			case EntraIdentity.Application application when application.clientSecret() != null ->
				new ClientSecretCredentialBuilder().tenantId(application.tenantId())
					.clientId(application.clientId())
					.clientSecret(application.clientSecret())
					.build();
			case EntraIdentity.Application application -> certificate(application);
		};
	}

	/** The file is read by the library, which tells PEM from PKCS#12 by its content. */
	private static TokenCredential certificate(EntraIdentity.Application application) {
		String file = String.valueOf(application.clientCertificate());
		ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
			.tenantId(application.tenantId())
			.clientId(application.clientId());
		if (file.toLowerCase(Locale.ROOT).endsWith(".pem")) {
			builder.pemCertificate(file);
		}
		else {
			builder.pfxCertificate(file);
		}
		return builder.build();
	}

}
