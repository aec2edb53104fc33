package dev.beacon.endpoint;

/**
 * A hub, group, user or connection name that the service would refuse; raised before any
 * request goes out.
 */
public class InvalidNameException extends IllegalArgumentException {

	private final String kind;

	public InvalidNameException(String kind, String rule) {
		super("Invalid " + kind + " name: " + rule);
		this.kind = kind;
	}

	public String kind() {
		return this.kind;
	}

}
