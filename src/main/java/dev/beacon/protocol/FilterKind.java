package dev.beacon.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The static kind of a filter expression, known for every node at parse time: the parser
 * refuses mismatches there, so evaluation never meets one. {@code NULL} is the kind of
 * the {@code null} literal and fits wherever a string or an integer does.
 */
enum FilterKind {

	STRING("a string"), INTEGER("an integer"), BOOLEAN("a condition (true or false)"), NULL("null"),
	COLLECTION("a collection (groups)");

	private final String description;

	FilterKind(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

	static FilterKind of(@Nullable Object value) {
		return switch (value) {
			case null -> NULL;
			case String string -> STRING;
			case Long number -> INTEGER;
			case Boolean condition -> BOOLEAN;
			default -> throw new IllegalArgumentException("not a filter literal: " + value.getClass());
		};
	}

}
