package dev.beacon.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The name of this replica, for metrics and logs that must tell replicas apart: the
 * platform's own name where it gives one (Container Apps' replica name, App Service's
 * instance ID), else the host name.
 *
 * @param name the replica's name
 */
public record Replica(String name) {

	static Replica fromEnvironment(Map<String, String> environment) {
		for (String variable : new String[] { "CONTAINER_APP_REPLICA_NAME", "WEBSITE_INSTANCE_ID", "HOSTNAME" }) {
			String value = environment.get(variable);
			if (value != null && !value.isBlank()) {
				return new Replica(abbreviate(value.strip()));
			}
		}
		try {
			return new Replica(abbreviate(InetAddress.getLocalHost().getHostName()));
		}
		catch (UnknownHostException ex) {
			return new Replica("unknown");
		}
	}

	private static String abbreviate(String name) {
		return (name.length() > 64) ? name.substring(0, 64) : name;
	}

}
