package dev.beacon.protocol;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The reserved words of the filter language and the wording of its error messages:
 * suggestions for misspelt names, ordinals, characters and tokens shown safely.
 */
final class FilterWords {

	/** OData's keywords in the service's subset; none can name a field. */
	static final List<String> KEYWORDS = List.of("and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in", "true",
			"false", "null");

	/** Messages quote at most this much of a token, whatever its length. */
	private static final int SHOWN = 32;

	/**
	 * A suggestion is offered within this many edits, or when the word starts the name.
	 */
	private static final int CLOSE = 2;

	private FilterWords() {
	}

	static boolean isKeyword(String word) {
		return KEYWORDS.contains(word.toLowerCase(Locale.ROOT));
	}

	static String unknown(String what, String word, List<String> names) {
		String suggestion = closest(word, names);
		String known = (suggestion != null) ? "; did you mean '" + suggestion + "'?"
				: "; use one of " + String.join(", ", names);
		return "unknown " + what + " '" + shortened(word) + "'" + known;
	}

	static @Nullable String closest(String word, List<String> names) {
		String lower = word.toLowerCase(Locale.ROOT);
		String best = null;
		int bestDistance = CLOSE + 1;
		for (String name : names) {
			String candidate = name.toLowerCase(Locale.ROOT);
			if (lower.length() >= 3 && candidate.startsWith(lower)) {
				return name;
			}
			if (Math.abs(candidate.length() - lower.length()) < bestDistance) {
				int distance = distance(lower, candidate);
				if (distance < bestDistance) {
					best = name;
					bestDistance = distance;
				}
			}
		}
		return best;
	}

	/** Levenshtein distance; only called on words of similar, short length. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	static String ordinal(int n) {
		return switch (n) {
			case 1 -> "1st";
			case 2 -> "2nd";
			case 3 -> "3rd";
			default -> n + "th";
		};
	}

	static String shortened(String token) {
		return (token.length() <= SHOWN) ? token : token.substring(0, SHOWN - 3) + "...";
	}

	/**
	 * Printable ASCII is shown as itself, anything else by code point (invisible or not).
	 */
	static String character(int codePoint) {
		if (Character.isISOControl(codePoint)) {
			return String.format(Locale.ROOT, "control character U+%04X", codePoint);
		}
		if (codePoint > ' ' && codePoint < 0x7f) {
			return "character '" + (char) codePoint + "'";
		}
		return String.format(Locale.ROOT, "character U+%04X", codePoint);
	}

}
