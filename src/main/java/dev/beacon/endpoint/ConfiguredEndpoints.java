package dev.beacon.endpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.beacon.system.InvalidSettingException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Finds the SignalR Service instances Beacon serves, in one of three forms, never mixed:
 * the single connection string ({@link ConnectionStringSource}); Beacon's list
 * {@code beacon.signalr.endpoints[i].name / .connection-string / .type}; or the Azure
 * Functions form {@code Azure:SignalR:Endpoints:<name>[:primary|:secondary]}
 * ({@code Azure__SignalR__Endpoints__<name>} in environment variables), so a ported
 * Function app's settings work unchanged. Read from the environment directly: the mode
 * they imply is needed before any properties are bound.
 */
public final class ConfiguredEndpoints {

	static final String LIST = "beacon.signalr.endpoints";

	static final String FUNCTIONS = "Azure__SignalR__Endpoints__<name>";

	private static final Pattern FUNCTIONS_KEY = Pattern
		.compile("(?i)^Azure(?::|__)SignalR(?::|__)Endpoints(?::|__)(.+?)(?:(?::|__)(primary|secondary))?$");

	private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");

	private ConfiguredEndpoints() {
	}

	/**
	 * Whether any form is configured (Azure mode), without validating it.
	 * @param environment the environment
	 * @return true when Beacon talks to Azure
	 */
	public static boolean present(Environment environment) {
		return ConnectionStringSource.find(environment).isPresent() || !list(environment).isEmpty()
				|| !functions(environment).isEmpty();
	}

	/**
	 * The configured endpoints, validated: names unique and well formed, types known, one
	 * form only.
	 * @param environment the environment
	 * @return the endpoints, empty in local mode
	 */
	public static List<ConfiguredEndpoint> find(Environment environment) {
		List<ConfiguredEndpoint> list = list(environment);
		List<ConfiguredEndpoint> functions = functions(environment);
		var single = ConnectionStringSource.find(environment);
		int forms = (single.isPresent() ? 1 : 0) + (list.isEmpty() ? 0 : 1) + (functions.isEmpty() ? 0 : 1);
		if (forms > 1) {
			throw new InvalidSettingException(LIST,
					"Several SignalR Service settings are given: "
							+ String.join(" and ",
									given(single.map(ConnectionStringSource::setting).orElse(null), list, functions))
							+ ". Keep one: a single connection string, or a list of endpoints.");
		}
		if (single.isPresent()) {
			return List.of(new ConfiguredEndpoint(single.get().setting(), ServiceEndpoint.DEFAULT_NAME,
					EndpointType.PRIMARY, single.get().value()));
		}
		List<ConfiguredEndpoint> endpoints = list.isEmpty() ? functions : list;
		Set<String> names = new HashSet<>();
		for (ConfiguredEndpoint endpoint : endpoints) {
			if (!names.add(endpoint.name().toLowerCase(Locale.ROOT))) {
				throw new InvalidSettingException(endpoint.setting(),
						"Two SignalR Service endpoints are named " + endpoint.name() + ": names must be unique");
			}
		}
		return endpoints;
	}

	private static List<String> given(@Nullable String single, List<ConfiguredEndpoint> list,
			List<ConfiguredEndpoint> functions) {
		List<String> given = new ArrayList<>();
		if (single != null) {
			given.add(single);
		}
		if (!list.isEmpty()) {
			given.add(LIST);
		}
		if (!functions.isEmpty()) {
			given.add(FUNCTIONS);
		}
		return given;
	}

	private static List<ConfiguredEndpoint> list(Environment environment) {
		List<Entry> entries = Binder.get(environment).bind(LIST, Bindable.listOf(Entry.class)).orElse(List.of());
		List<ConfiguredEndpoint> endpoints = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			Entry entry = entries.get(i);
			String setting = LIST + "[" + i + "]";
			String name = name(entry.name(), setting + ".name");
			if (entry.connectionString() == null || entry.connectionString().isBlank()) {
				throw new InvalidSettingException(setting + ".connection-string",
						setting + ".connection-string is missing for the SignalR Service endpoint " + name);
			}
			endpoints.add(new ConfiguredEndpoint(setting + ".connection-string", name,
					type(entry.type(), setting + ".type"), entry.connectionString()));
		}
		return endpoints;
	}

	private static List<ConfiguredEndpoint> functions(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return List.of();
		}
		TreeMap<String, ConfiguredEndpoint> endpoints = new TreeMap<>();
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String key : enumerable.getPropertyNames()) {
				Matcher matcher = FUNCTIONS_KEY.matcher(key);
				String value = matcher.matches() ? environment.getProperty(key) : null;
				if (value != null && !value.isBlank() && !endpoints.containsKey(key)) {
					String name = name(matcher.group(1), key);
					endpoints.put(key, new ConfiguredEndpoint(key, name, type(matcher.group(2), key), value));
				}
			}
		}
		return new ArrayList<>(endpoints.values());
	}

	private static String name(@Nullable String name, String setting) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidSettingException(setting, setting
					+ " must name the endpoint: 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
		}
		return name;
	}

	private static EndpointType type(@Nullable String type, String setting) {
		if (type == null || type.isBlank() || type.equalsIgnoreCase("primary")) {
			return EndpointType.PRIMARY;
		}
		if (type.equalsIgnoreCase("secondary")) {
			return EndpointType.SECONDARY;
		}
		throw new InvalidSettingException(setting, setting + " must be primary or secondary");
	}

	/** One entry of Beacon's list, as bound. */
	record Entry(@Nullable String name, @Nullable String connectionString, @Nullable String type) {

		@Override
		public String toString() {
			return "Entry[name=" + this.name + ", type=" + this.type + "]";
		}

	}

}
