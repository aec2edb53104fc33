package dev.beacon.protocol;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The comparison operators. {@code eq} and {@code ne} treat null as a value, so
 * {@code userId eq null} finds anonymous connections; the orderings are false when either
 * side is null. Strings are ordered ordinally (by UTF-16 unit, with case).
 */
enum FilterComparison {

	EQ, NE, GT, GE, LT, LE;

	static @Nullable FilterComparison named(FilterToken token) {
		for (FilterComparison comparison : values()) {
			if (token.isWord(comparison.name())) {
				return comparison;
			}
		}
		return null;
	}

	String keyword() {
		return name().toLowerCase(Locale.ROOT);
	}

	boolean orders() {
		return this != EQ && this != NE;
	}

	boolean test(@Nullable Object left, @Nullable Object right) {
		return switch (this) {
			case EQ -> Objects.equals(left, right);
			case NE -> !Objects.equals(left, right);
			default -> ordered(left, right);
		};
	}

	private boolean ordered(@Nullable Object left, @Nullable Object right) {
		int order;
		if (left instanceof String a && right instanceof String b) {
			order = a.compareTo(b);
		}
		else if (left instanceof Long a && right instanceof Long b) {
			order = Long.compare(a, b);
		}
		else {
			return false;
		}
		return switch (this) {
			case GT -> order > 0;
			case GE -> order >= 0;
			case LT -> order < 0;
			default -> order <= 0;
		};
	}

}
