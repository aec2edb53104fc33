package dev.beacon.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.beacon.system.InvalidSettingException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
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

	// beacon, signalr, endpoints, [i]
	private static final int LIST_ENTRY_ELEMENTS = 4;

	static final String FUNCTIONS = "Azure__SignalR__Endpoints__<name>";

	private static final Pattern FUNCTIONS_KEY = Pattern
		.compile("(?i)^Azure(?::|__)SignalR(?::|__)Endpoints(?::|__)(.+)$");

	// .NET configuration reads "__" in an environment variable as ':', so neither can be
	// part of a name: a third segment is a type, known or not.
	private static final Pattern FUNCTIONS_SEPARATOR = Pattern.compile(":|__");

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
		return list.isEmpty() ? functions : list;
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
		List<Entry> entries = entries(environment);
		List<ConfiguredEndpoint> endpoints = new ArrayList<>();
		Map<String, String> names = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			Entry entry = entries.get(i);
			String setting = LIST + "[" + i + "]";
			String name = unique(names, name(entry.name(), setting + ".name"), setting + ".name");
			if (entry.connectionString() == null || entry.connectionString().isBlank()) {
				throw new InvalidSettingException(setting + ".connection-string",
						setting + ".connection-string is missing for the SignalR Service endpoint " + name);
			}
			endpoints.add(new ConfiguredEndpoint(setting + ".connection-string", name,
					type(entry.type(), setting + ".type"), entry.connectionString()));
		}
		return endpoints;
	}

	private static List<Entry> entries(Environment environment) {
		try {
			return Binder.get(environment).bind(LIST, Bindable.listOf(Entry.class)).orElse(List.of());
		}
		catch (BindException ex) {
			// Not chained: Spring Boot's report of a failed binding prints
			// each value, and here a value is a connection string.
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				List<String> entries = unbound.getUnboundProperties()
					.stream()
					.map((property) -> property.getName().chop(LIST_ENTRY_ELEMENTS).toString())
					.distinct()
					.sorted()
					.toList();
				throw new InvalidSettingException(entries.get(0), String.join(", ", entries)
						+ " cannot be read: the entries of " + LIST + " must be numbered from 0 without gaps");
			}
			String setting = (ex.getProperty() != null) ? ex.getProperty().getName().toString() : LIST;
			throw new InvalidSettingException(setting,
					setting + " must be a list of entries, each with name, connection-string and type");
		}
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
					endpoints.put(key, functionsEndpoint(key, matcher.group(1), value));
				}
			}
		}
		Map<String, String> names = new HashMap<>();
		endpoints.values().forEach((endpoint) -> unique(names, endpoint.name(), endpoint.setting()));
		return new ArrayList<>(endpoints.values());
	}

	private static ConfiguredEndpoint functionsEndpoint(String key, String nameAndType, String value) {
		String[] segments = FUNCTIONS_SEPARATOR.split(nameAndType, -1);
		if (segments.length > 2) {
			throw new InvalidSettingException(key, key + " must be " + FUNCTIONS + " or " + FUNCTIONS
					+ "__<primary|secondary> (':' may stand for '__')");
		}
		return new ConfiguredEndpoint(key, name(segments[0], key),
				type((segments.length > 1) ? segments[1] : null, key), value);
	}

	private static String unique(Map<String, String> names, String name, String setting) {
		String first = names.putIfAbsent(name.toLowerCase(Locale.ROOT), setting);
		if (first != null) {
			throw new InvalidSettingException(setting, first + " and " + setting
					+ " both name the SignalR Service endpoint " + name + ": names must be unique, ignoring case");
		}
		return name;
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
