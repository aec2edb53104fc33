package com.microsoft.aad.msal4j;

import java.util.Map;

/**
 * Test-only: the environment MSAL's managed identity sources read
 * {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} from. MSAL (1.23) calls
 * {@code System.getenv} itself, so neither azure-identity's {@code Configuration} nor
 * system properties can point {@code ManagedIdentityCredential} at a stand-in; its
 * package-private hook {@code ManagedIdentityApplication.setEnvironmentVariables} can,
 * which is why this class sits in MSAL's package (the jar is not sealed). It is JVM-wide:
 * reset it after use.
 */
public final class ManagedIdentityEnvironment {

	private ManagedIdentityEnvironment() {
	}

	/**
	 * From now on MSAL sees these variables and no others.
	 * @param variables the environment variables
	 */
	public static void use(Map<String, String> variables) {
		Map<String, String> copy = Map.copyOf(variables);
		ManagedIdentityApplication.setEnvironmentVariables(copy::get);
	}

	/** MSAL reads the process environment again. */
	public static void reset() {
		ManagedIdentityApplication.setEnvironmentVariables(null);
	}

}
