package dev.beacon.endpoint;

import dev.beacon.credential.EntraCredential;
import dev.beacon.credential.EntraIdentity;
import dev.beacon.credential.ServiceCredential;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.core.env.Environment;

/**
 * Finds the connection string. First found wins: Beacon's own setting
 * ({@code beacon.signalr.connection-string} / {@code BEACON_SIGNALR_CONNECTION_STRING}),
 * then the Azure Functions app setting, then App Service's custom connection string.
 * Blank values count as absent, so {@code docker compose} can pass an empty variable.
 *
 * @param setting the name of the setting the value came from, safe to print
 * @param value the connection string, never printed
 */
public record ConnectionStringSource(String setting, String value) {

	static final List<String> SETTINGS = List.of("beacon.signalr.connection-string", "AzureSignalRConnectionString",
			"CUSTOMCONNSTR_AzureSignalRConnectionString");

	public static Optional<ConnectionStringSource> find(Environment environment) {
		for (String setting : SETTINGS) {
			String value = environment.getProperty(setting);
			if (value != null && !value.isBlank()) {
				return Optional.of(new ConnectionStringSource(setting, value));
			}
		}
		return Optional.empty();
	}

	public ServiceEndpoint parse() {
		return parse(EntraCredential::create);
	}

	/**
	 * Parses the connection string, naming this setting in any error.
	 * @param entra makes the credential of a Microsoft Entra identity
	 * @return the endpoint
	 */
	public ServiceEndpoint parse(Function<EntraIdentity, ServiceCredential> entra) {
		try {
			return ConnectionStringParser.parse(this.value, entra);
		}
		catch (InvalidConnectionStringException ex) {
			throw new InvalidConnectionStringException(ex.getMessage() + " (setting: " + this.setting + ")");
		}
	}

	@Override
	public String toString() {
		return "ConnectionStringSource[setting=" + this.setting + "]";
	}

}
