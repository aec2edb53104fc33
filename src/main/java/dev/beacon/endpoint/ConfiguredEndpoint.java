package dev.beacon.endpoint;

import dev.beacon.credential.EntraIdentity;
import dev.beacon.credential.ServiceCredential;

import java.util.function.Function;

/**
 * One SignalR Service instance as configured: where the setting came from, its name and
 * type, and its connection string (never printed).
 *
 * @param setting the setting the connection string came from, safe to print
 * @param name the endpoint's name
 * @param type primary or secondary
 * @param connectionString the connection string
 */
public record ConfiguredEndpoint(String setting, String name, EndpointType type, String connectionString) {

	/**
	 * Parses the connection string, naming the setting in any error.
	 * @param entra makes the credential of a Microsoft Entra identity
	 * @return the named endpoint
	 */
	public ServiceEndpoint parse(Function<EntraIdentity, ServiceCredential> entra) {
		try {
			return ConnectionStringParser.parse(this.connectionString, entra).named(this.name, this.type);
		}
		catch (InvalidConnectionStringException ex) {
			throw new InvalidConnectionStringException(ex.getMessage() + " (setting: " + this.setting + ")");
		}
	}

	@Override
	public String toString() {
		return "ConfiguredEndpoint[setting=" + this.setting + ", name=" + this.name + ", type=" + this.type + "]";
	}

}
