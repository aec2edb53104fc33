package dev.beacon.restclient;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The data-plane REST API versions Beacon speaks. 2024-12-01, the service's current one,
 * keeps every operation of 2022-06-01 and adds client results, group listing, filtered
 * commands, streams, client tokens and the access-key fetch.
 */
public enum ApiVersion {

	/** The 19 operations Beacon used before 2024-12-01. */
	V2022_06_01("2022-06-01"),

	/** The service's current version (the .NET Management SDK sends it). */
	V2024_12_01("2024-12-01");

	/** The setting that chooses the version. */
	public static final String SETTING = "beacon.signalr.api-version";

	private final String value;

	ApiVersion(String value) {
		this.value = value;
	}

	/** As it goes in the {@code api-version} query parameter. */
	public String value() {
		return this.value;
	}

	/**
	 * The version a setting names.
	 * @param value {@code 2024-12-01} or {@code 2022-06-01}
	 * @return the version
	 * @throws IllegalArgumentException naming the setting and the versions it takes
	 */
	public static ApiVersion of(String value) {
		for (ApiVersion version : values()) {
			if (version.value.equals(value.strip())) {
				return version;
			}
		}
		throw new IllegalArgumentException(SETTING + " must be one of "
				+ Arrays.stream(values()).map(ApiVersion::value).collect(Collectors.joining(", ")) + ", not '" + value
				+ "'");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
