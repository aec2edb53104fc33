package dev.beacon.system;

/**
 * A setting Beacon cannot start with. The message names the setting and never echoes a
 * secret value.
 */
public class InvalidSettingException extends RuntimeException {

	private final String setting;

	public InvalidSettingException(String setting, String message) {
		super(message);
		this.setting = setting;
	}

	public String setting() {
		return this.setting;
	}

}
