package dev.beacon.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import static dev.beacon.protocol.FilterKind.BOOLEAN;
import static dev.beacon.protocol.FilterKind.COLLECTION;
import static dev.beacon.protocol.FilterKind.INTEGER;
import static dev.beacon.protocol.FilterKind.NULL;
import static dev.beacon.protocol.FilterKind.STRING;

/**
 * The functions of the filter language, named in lower case and matched without case.
 * Strings are measured and cut in UTF-16 units and cased with the root locale, as .NET's
 * invariant culture does; {@code trim} strips Unicode white space.
 * <p>
 * {@code substring} clamps like .NET OData: a start before 0 counts from 0, a start past
 * the end gives {@code ''}, a negative length gives {@code ''}, a length past the end
 * stops at the end.
 */
enum FilterFunction {

	TOLOWER(STRING, STRING), TOUPPER(STRING, STRING), TRIM(STRING, STRING), SUBSTRING(STRING, STRING, INTEGER, INTEGER),
	CONCAT(STRING, STRING, STRING), STARTSWITH(BOOLEAN, STRING, STRING), ENDSWITH(BOOLEAN, STRING, STRING),
	CONTAINS(BOOLEAN, STRING, STRING), INDEXOF(INTEGER, STRING, STRING), LENGTH(INTEGER, STRING);

	private final FilterKind result;

	private final List<FilterKind> parameters;

	FilterFunction(FilterKind result, FilterKind... parameters) {
		this.result = result;
		this.parameters = List.of(parameters);
	}

	static @Nullable FilterFunction named(String word) {
		for (FilterFunction function : values()) {
			if (function.name().equalsIgnoreCase(word)) {
				return function;
			}
		}
		return null;
	}

	static List<String> names() {
		return Arrays.stream(values()).map(FilterFunction::functionName).toList();
	}

	String functionName() {
		return name().toLowerCase(Locale.ROOT);
	}

	FilterKind result() {
		return this.result;
	}

	int minArguments() {
		return (this == SUBSTRING) ? 2 : this.parameters.size();
	}

	int maxArguments() {
		return this.parameters.size();
	}

	String arity() {
		String count = (minArguments() == maxArguments()) ? String.valueOf(maxArguments())
				: minArguments() + " or " + maxArguments();
		return count + ((maxArguments() == 1) ? " argument" : " arguments");
	}

	/** {@code length} alone also takes the groups; {@code null} fits any parameter. */
	boolean accepts(int index, FilterKind kind) {
		return kind == NULL || kind == this.parameters.get(index) || (this == LENGTH && kind == COLLECTION);
	}

	String expects(int index) {
		return (this == LENGTH) ? "a string or groups" : this.parameters.get(index).description();
	}

	/**
	 * What the function gives when an argument is null (an anonymous connection's
	 * userId): null, which no ordering comparison matches; a condition is false.
	 */
	@Nullable Object onNull() {
		return (this.result == BOOLEAN) ? Boolean.FALSE : null;
	}

	/**
	 * Arguments were type-checked at parse time and are not null; a third may be absent.
	 */
	Object apply(Object first, @Nullable Object second, @Nullable Object third) {
		if (first instanceof Set<?> groups) {
			return (long) groups.size();
		}
		String text = (String) first;
		return switch (this) {
			case TOLOWER -> text.toLowerCase(Locale.ROOT);
			case TOUPPER -> text.toUpperCase(Locale.ROOT);
			case TRIM -> text.strip();
			case SUBSTRING -> substring(text, (Long) Objects.requireNonNull(second, "substring's start"), (Long) third);
			case CONCAT -> text.concat((String) second);
			case STARTSWITH -> text.startsWith((String) second);
			case ENDSWITH -> text.endsWith((String) second);
			case CONTAINS -> text.contains((String) second);
			case INDEXOF -> (long) text.indexOf((String) second);
			case LENGTH -> (long) text.length();
		};
	}

	private static String substring(String text, Long start, @Nullable Long length) {
		int from = Math.clamp(start, 0, text.length());
		int count = (length != null) ? Math.clamp(length, 0, text.length() - from) : text.length() - from;
		return text.substring(from, from + count);
	}

}
